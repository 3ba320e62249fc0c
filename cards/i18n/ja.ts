import type { MessageKey } from './en';

/** Every sentence in Japanese, in the wording of Partner Center's Japanese pages. */
export const ja: Record<MessageKey, string> = {
  'welcome.admin':
    '{name} さん、こんにちは。{org} の Microsoft パートナー特典をご案内します。「特典を表示」「ソフトウェアを表示」「Visual Studio サブスクリプション」「私の特典」などと聞いてください。すべての使い方は「ヘルプ」で確認できます。',
  'welcome.employee':
    '{name} さん、こんにちは。{org} の Microsoft パートナー特典をご案内します。「私の特典」と聞くと、割り当てられている特典と使い始める方法を確認できます。使い方は「ヘルプ」で確認できます。',
  'welcome.shared':
    '皆さん、こんにちは。{org} のパートナー特典ボットです。メンションして「特典を表示」と送ると、組織の特典の概要を表示します。個人的な内容は 1 対 1 のチャットでお聞きください。',
  'welcome.languageHint': '英語に切り替えるには「English please」と送ってください。',

  'access.pmc':
    '{org} はまだパートナー センターへの移行の招待を受け取っていないため、Microsoft パートナー特典は引き続き Partner Membership Center (PMC) で管理します。PMC にサインインして管理してください: {url}',
  'access.unknownTenant':
    'ご利用の組織はパートナー特典に登録されていないため、表示できる特典がありません。まだ Microsoft パートナーでない場合は、メンバーシップ サイトから登録できます: {url}',
  'access.tenantNotAllowed':
    '申し訳ありませんが、お使いの組織ではパートナー特典をご利用いただけません。',

  'help.title': '聞けること',
  'help.signedInAs': '{org} の {name} さん ({role}) としてサインインしています。',
  'help.showBenefits': 'すべてのカテゴリと、使用中および空きの数',
  'help.showCategory': '1 つのカテゴリの各特典とその詳細',
  'help.myBenefits': '自分に割り当てられている特典と使い始める方法',
  'help.language': '日本語または英語で返信',
  'help.employeeNote':
    '組織の特典は管理者が確認できます。あなたには自分に割り当てられた特典が表示されます。',
  'help.sharedNote':
    'チャネルやグループ チャットではメンションしてください。ここにいる全員が見てよい内容だけを表示します。',
  'help.say.showBenefits': '「特典を表示」',
  'help.say.showCategory':
    '「ソフトウェアを表示」「Visual Studio サブスクリプション」「技術特典を見せて」',
  'help.say.myBenefits': '「私の特典」',
  'help.say.language': '「日本語で」/「English please」',
  'help.say.mention': '@Partner Benefits 特典を表示',
  'help.button.showBenefits': '特典を表示',
  'help.button.myBenefits': '私の特典',
  'help.button.switchLanguage': 'English',

  notUnderstood:
    '申し訳ありません。「{text}」を理解できませんでした。{suggestions} と送ってみてください。',
  'notUnderstood.empty':
    '申し訳ありません。聞き取れませんでした。{suggestions} と送ってみてください。',
  'answer.has.yes': 'はい、{person}さんは{benefit}を持っています（{date}から）。',
  'answer.has.no': 'いいえ、{person}さんは{benefit}を持っていません（空きは{free}）。',
  'answer.has.noneFree': 'いいえ、{person}さんは{benefit}を持っていません。空きもありません。',
  'answer.has.noUncounted': 'いいえ、{person}さんは{benefit}を持っていません。',
  'answer.has.title': '{person}さんが持っている特典',
  'answer.has.nothing': '{person}さんにはまだ特典が割り当てられていません。',
  'answer.has.since': '{date}から',
  'answer.assignButton': '{person}さんに{benefit}を割り当てる',
  'answer.person.notFound':
    '{org}に「{query}」という人が見つからないため、何を持っているかお答えできません。',
  'answer.person.many':
    '「{query}」に当てはまる人が複数います：{names}。フルネームでもう一度聞いてください。',
  'answer.howMany.line': '{benefit}：{total}のうち空きは{free}です。',
  'answer.howMany.uncounted':
    '{benefit}：{total}。使用数はここではなくMicrosoftのポータルで管理されています。',
  'answer.howMany.title': '空き状況',
  'answer.details.button': '詳細を見る',
  'unsure.text': '{benefit}について何をしたいのかよく分かりませんでした。次のどれかですか？',
  'unsure.assign': '{person}さんに{benefit}を割り当てますか？',
  'unsure.whoHas': '{benefit}を持っているのは誰ですか？',
  'unsure.details': '{benefit}の詳細を見る',
  'unsure.category': '{category}を見る',
  'example.showBenefits': '特典を表示',
  'example.howMany': 'VS Proの空きはある？',
  'example.whoHas': 'VS Enterpriseを持っているのは誰？',
  'example.myBenefits': '私の特典',
  'example.ask': 'VS Proが欲しい',
  'example.help': 'ヘルプ',
  'suggest.showBenefits': '「特典を表示」',
  'suggest.myBenefits': '「私の特典」',
  'suggest.help': '「ヘルプ」',
  'suggest.visualStudio': '「Visual Studio サブスクリプション」',

  'language.set': '承知しました。これからは日本語でお答えします。',

  'scope.employeeSeesOwn':
    '組織の特典は管理者のみが表示できます。あなたに割り当てられている特典はこちらです。',
  'scope.personalChatOnly':
    'ここでの返信は全員が読めるため、個人的な内容は 1 対 1 のチャットでのみお伝えします。',
  'scope.openPersonalChat': '1 対 1 でチャット',

  'error.generic':
    '申し訳ありません。こちらで問題が発生したため、何も変更していません。もう一度お試しください。繰り返し発生する場合は管理者にお知らせください。',
  'error.unknownAction':
    'このボタンは古いか、認識できないため、何も実行しませんでした。「特典を表示」と送ってやり直してください。',
  'error.ORG.UNKNOWN_TENANT': 'ご利用の組織はパートナー特典に登録されていません。',
  'error.ORG.MANAGED_IN_PMC':
    'ご利用の組織は特典を Partner Membership Center (PMC) で管理しています。',
  'error.ROLE.ADMIN_REQUIRED': 'この操作は組織の管理者のみが実行できます。',
  'error.BENEFIT.UNKNOWN_CATEGORY':
    'カテゴリ「{category}」が見つかりません。カテゴリは、ソフトウェア、クラウド サービス、Visual Studio サブスクリプション、技術特典、市場投入です。',
  'error.STORE.WRITE_FAILED':
    '変更を保存できなかったため、何も変更していません。しばらくしてからもう一度お試しください。繰り返し発生する場合は、このボットの運用担当者にお知らせください。',
  'error.ROLE.GLOBAL_ADMIN_REQUIRED':
    'この操作を実行できるのはグローバル管理者だけです。組織のグローバル管理者: {admins}。',
  'error.ROLE.MARKETING_ROLE_REQUIRED':
    'この操作を実行できるのは、グローバル管理者または MPN パートナー管理者だけです。組織内の該当者: {admins}。',
  'error.ROLE.USER_ADMIN_REQUIRED':
    'ユーザーを追加できるのは、グローバル管理者またはユーザー管理者だけです。組織内の該当者: {admins}。',
  'error.BENEFIT.NOT_FOUND': 'その特典は組織の特典パッケージにありません。',
  'error.BENEFIT.NOT_ASSIGNABLE': '{benefit} はユーザーに割り当てる特典ではありません。',
  'error.BENEFIT.NO_FREE_SEAT':
    '{benefit} のシートはすべて使用中 ({holders}) のため、何も変更していません。先に誰かを削除するか、シートを再割り当てしてください。',
  'error.BENEFIT.ALREADY_ASSIGNED':
    '{benefit} はすでに {holders} さんに割り当てられています。代わりに再割り当てしてください。',
  'error.USER.NOT_FOUND': 'その人は組織のユーザー一覧にいません。',
  'error.ASSIGNMENT.ALREADY_HOLDS': '{name} さんはすでに {benefit} を持っています。',
  'error.ASSIGNMENT.NOT_HELD': '{name} さんは {benefit} を持っていません。',
  'error.ASSIGNMENT.SAME_PERSON':
    '{name} さんがすでに持っています。再割り当て先には別の人を選んでください。',
  'error.ASSIGNMENT.USAGE_SELF_ONLY':
    '{benefit}は従量課金制のサブスクリプションで、ご自身を割り当ててアクティブ化し、Azure portal で管理します。ほかの人には割り当てられないため、何も変更しませんでした。',
  'error.NOTE.TOO_LONG': 'メモは{max}文字までです。何も変更していません。',
  'error.ASSIGNMENT.ALTERNATIVE_EMAIL_REQUIRED':
    'サポートには、パートナー センター アカウントとは異なる、ユーザーの別のメール アドレスが必要です。',
  'error.EMAIL.INVALID': '「{email}」は有効なメール アドレスではありません。',
  'error.EMAIL.SAME_AS_PARTNER_CENTER':
    '{email} は会社のパートナー センター アカウントのメール アドレスです。手順が本人に直接届くよう、別のアドレスを指定してください。',
  'error.REQUEST.ID_REQUIRED':
    'このボタンは古いため、何も実行しませんでした。もう一度やり直してください。',
  'error.REQUEST.ID_REUSED':
    'このボタンは別の変更ですでに使われているため、何も実行しませんでした。新しいカードからやり直してください。',
  'error.PHONE.INVALID':
    '「{phone}」を電話番号として読み取れなかったため、何も変更していません。国番号を付けて入力してください (例: +81 3-1234-5678)。',
  'error.LANGUAGE.UNSUPPORTED':
    '「{language}」はマーケティング担当者の優先言語として登録できません。次のいずれかを選んでください: {languages}。',
  'error.BENEFIT.NOT_AN_OFFER':
    '{benefit} は市場投入オファーではないため、この方法ではアクティブ化できません。',
  'error.OFFER.NOT_ELIGIBLE':
    '{offer} は利用できません。このオファーにはパートナー レベル {level} が必要ですが、組織のレベルは {current} です。何も変更していません。',
  'error.OFFER.NEEDS_MARKETING_CONTACT':
    '{offer} をアクティブ化する前に、会社のマーケティング担当者を割り当てる必要があります。「マーケティング担当者を設定」と送って追加してください。',
  'error.OFFER.ALREADY_PENDING':
    '{offer} のアクティブ化はすでにリクエスト済みで、保留中です。アクティブ化には数日かかることがあります。何も変更していません。',
  'error.OFFER.ALREADY_ACTIVE':
    '{offer} はすでにアクティブで、有効期限 ({date}) まで使用できます。何も変更していません。',
  'error.OFFER.NOT_PENDING':
    '{offer} には保留中のアクティブ化リクエストがないため、確認するものがありません。先にアクティブ化してください。',
  'error.OFFER.EXPIRY_IN_PAST':
    '{offer} の有効期限 {date} が未来の日付ではありません。今日より後の日付を指定してください。',
  'error.USER.NAME_REQUIRED': 'アカウント設定でユーザーを追加するには、名前が必要です。',
  'error.USER.NAME_TOO_LONG': '名前が長すぎます。ユーザー名は {max} 文字以内で入力してください。',
  'error.USER.EMAIL_TAKEN':
    '{email} は組織内の {name} さんのメール アドレスとして使われているため、ユーザーを追加していません。{name} さんを選ぶか、別のアドレスを使ってください。',
  'error.REQUEST.NOT_AN_HOURS_BENEFIT':
    '{benefit} は相談時間やテクニカル プリセールスの特典ではないため、時間をリクエストできません。「相談時間をリクエスト」と送って、対象の特典を選んでください。',
  'error.REQUEST.PHASE_REQUIRED':
    '支援が必要な局面を選んでください: プリセールス、設計、デプロイメント、アプリケーション開発。',
  'error.REQUEST.SOLUTION_REQUIRED':
    '支援の対象がクラウド ソリューションかハイブリッド ソリューションかを選んでください。',
  'error.REQUEST.DESCRIPTION_REQUIRED':
    '必要な支援の内容を入力してください。リクエストには説明が必要です。',
  'error.REQUEST.DESCRIPTION_TOO_LONG':
    '入力が長すぎます。{max} 文字以内で入力してください。何も送信していません。',
  'error.REQUEST.HOURS_INVALID':
    '「{hours}」はリクエストできる時間数ではありません。1 以上の整数で入力してください。',
  'error.REQUEST.NO_HOURS_LEFT':
    '{benefit} には残りの時間がありません。すべての時間が使用済みか、送信済みのリクエストで予約されています。何も送信していません。',
  'error.REQUEST.TOO_MANY_HOURS':
    '{benefit} の残り時間を超えています (リクエスト: {hours} 時間、残り: {remaining} 時間)。何も送信していません。{remaining} 時間以内でリクエストしてください。',
  'error.CANCEL.REFUND_WINDOW_CLOSED':
    'メンバーシップをキャンセルして返金を受けることはできなくなりました。キャンセルは購入から 30 日以内に要求する必要があります。購入日は {purchased} のため、返金の期限は {date} に終了しています。何も要求していません。',
  'error.CANCEL.SOFTWARE_ACTIVATED':
    'ソフトウェアの特典がアクティブ化されているため、メンバーシップをキャンセルして返金を受けることはできません ({benefits} のキーが取得されています)。何も要求していません。',
  'error.CANCEL.ALREADY_REQUESTED':
    'キャンセルはすでに要求されている (サービス要求 {reference}) ため、新たに要求していません。',

  'request.title': '相談時間またはテクニカル プリセールスのリクエスト',
  'request.intro':
    'クラウドおよびハイブリッド ソリューションのプリセールス、設計、デプロイメント、アプリケーション開発の各局面で技術支援をリクエストできます。リクエストした時間は利用可能な時間から差し引かれます。',
  'request.benefit': '特典',
  'request.phase': '局面',
  'request.phase.presales': 'プリセールス',
  'request.phase.design': '設計',
  'request.phase.deployment': 'デプロイメント',
  'request.phase.appDevelopment': 'アプリケーション開発',
  'request.solution': 'クラウドまたはハイブリッド ソリューション',
  'request.solution.cloud': 'クラウド',
  'request.solution.hybrid': 'ハイブリッド',
  'request.description': '必要な支援の内容',
  'request.description.placeholder':
    '例: お客様とのワークショップの前に、Azure ランディング ゾーンのアーキテクチャをレビューしてほしい',
  'request.hours': 'リクエストする時間数',
  'request.remaining.one': '残り {n} 時間',
  'request.remaining.other': '残り {n} 時間',
  'request.contactEmail': '連絡先メール アドレス',
  'request.contactEmail.hint': '空欄の場合は {email} を使用します。',
  'request.contactPhone': '連絡先電話番号 (省略可)',
  'request.submit': 'リクエストの送信',
  'request.submitted':
    'リクエスト {reference} を送信しました。その時間は予約され、特典の使用済みの時間に含まれます。',
  'request.alreadySubmitted': 'リクエスト {reference} は送信済みのため、何も変更していません。',
  'request.reference': '参照番号',
  'request.status.submitted': '送信済み',
  'request.kind.hours': '相談時間・テクニカル プリセールス',
  'request.kind.cancellation': 'キャンセル',
  'request.submittedBy': '{date} に {name} さんが送信',
  'request.mine.title': '自分のリクエスト',
  'request.mine.none': '送信したリクエストはありません。',
  'request.organisation.title': '{org} のリクエスト',

  'cancel.title': 'メンバーシップをキャンセルして返金を受ける',
  'cancel.terms':
    '特典またはオファーをキャンセルして返金を受けるには、購入から 30 日以内に要求を行い、ソフトウェアの特典をアクティブ化していないことが必要です。キャンセルはサービス要求を通じて要求します。',
  'cancel.package': 'メンバーシップ: {package}',
  'cancel.purchased': '購入日: {date}',
  'cancel.refundEnds': '返金の期限: {date}',
  'cancel.softwareActivated': 'アクティブ化済みのソフトウェア: {benefits}',
  'cancel.noSoftwareActivated': 'アクティブ化されたソフトウェアの特典はありません。',
  'cancel.confirmQuestion':
    '{package} をキャンセルして返金を要求しますか? キャンセルのサービス要求が作成されます。',
  'cancel.reason': '理由 (省略可)',
  'cancel.confirm': 'キャンセルを要求',
  'cancel.keep': 'キャンセルしない',
  'cancel.requested':
    'キャンセルのサービス要求 {reference} を作成しました。問い合わせの際はこの参照番号をお伝えください。',
  'cancel.alreadyRequested':
    'キャンセルのサービス要求 {reference} は作成済みのため、何も変更していません。',
  'error.KEYS.PERSONAL_CHAT_ONLY':
    'キーは、他の人が読める場所には表示せず、私との個人用チャットでのみ表示します。個人用チャットを開いて、もう一度お尋ねください。',
  'error.KEYS.NOT_A_KEY_BENEFIT':
    '{benefit} には取得するキーがありません。キーがあるのは、ソフトウェアとライセンス ベースのクラウド サブスクリプションです。',
  'error.KEYS.NONE_STORED':
    '{benefit} のキーはまだここに読み込まれていないため、表示できるものがありません。パートナー センターでキーを取得するか、このボットの運用担当者にインポートを依頼してください。',
  'error.KEYS.LANGUAGE_REQUIRED': '{benefit} を表示する言語を選んでください: {choices}。',
  'error.KEYS.OS_REQUIRED':
    '{benefit} をインストールするコンピューターのオペレーティング システムの種類を選んでください: {choices}。',
  'error.KEYS.UNKNOWN_CHOICE':
    '{benefit} は「{choice}」には対応していません。次のいずれかを選んでください: {choices}。',
  'error.KEYS.REFUND_CONFIRMATION_REQUIRED':
    '{benefit} のキーを取得するとこの特典がアクティブ化され、それ以降はメンバーシップをキャンセルして返金を受けることができなくなります (本来は {date} まで可能)。何も表示・変更していません。これを了承したうえで、キーの取得を確認してください。',
  'error.KEYS.UNREADABLE':
    '保存されている {benefit} のキーをこのボットのキー シークレットで読み取れなかったため、何も表示・変更していません。このボットの運用担当者にお知らせください (KEYS_SECRET が変更された可能性があります)。',

  'role.globalAdmin': 'グローバル管理者',
  'role.userAdmin': 'ユーザー管理者',
  'role.adminAgent': '管理エージェント',
  'role.mpnPartnerAdmin': 'MPN パートナー管理者',
  'role.employee': '従業員',

  'level.ActionPack': 'Action Pack',
  'level.Silver': 'シルバー',
  'level.Gold': 'ゴールド',

  'category.software': 'ソフトウェア',
  'category.cloud': 'クラウド サービス',
  'category.visualStudio': 'Visual Studio サブスクリプション',
  'category.technical': '技術特典',
  'category.goToMarket': '市場投入',

  'unit.key.one': 'キー {n} 個',
  'unit.key.other': 'キー {n} 個',
  'unit.license.one': 'ライセンス {n} 個',
  'unit.license.other': 'ライセンス {n} 個',
  'unit.subscription.one': 'サブスクリプション {n} 件',
  'unit.subscription.other': 'サブスクリプション {n} 件',
  'unit.seat.one': '{n} シート',
  'unit.seat.other': '{n} シート',
  'unit.incident.one': 'サポート インシデント {n} 件',
  'unit.incident.other': 'サポート インシデント {n} 件',
  'unit.hour.one': '{n} 時間',
  'unit.hour.other': '{n} 時間',
  'unit.offer.one': 'オファー {n} 件',
  'unit.offer.other': 'オファー {n} 件',

  'summary.activated': 'アクティブ {activated}/{count}',
  'summary.usedFree': '使用中 {used} · 空き {free}',
  'summary.offersAvailable': '利用可能 {available} · アクティブ {active}',
  'summary.empty': 'このカテゴリには特典がありません',

  'overview.title': '{org} のパートナー特典',
  'overview.subtitle': '{package} · {level} · 有効期限 {date}',
  'overview.open': '{category} を開く',
  'overview.hint': 'カテゴリを選ぶと、その特典の一覧が表示されます。',

  'list.subtitle': '{org} · {summary}',
  'list.details': '{name} の詳細',
  'list.back': 'すべての特典',
  'list.expires': '有効期限 {date}',
  'list.needsLevel': 'パートナー レベル {level} が必要です',
  'list.empty': 'このカテゴリには特典がありません。',

  'details.instructions': '特別な指示',
  'details.holders': '割り当て先',
  'details.noHolders': 'まだ誰にも割り当てられていません。',
  'details.pending': 'アクティブ化保留中',
  'details.next': '次にできること',

  'state.keysNotRevealed': 'キー未取得',
  'state.keysRevealed': 'キー取得済み',
  'state.notActivated': '未アクティブ化',
  'state.active': 'アクティブ',
  'state.noneAssigned': '未割り当て',
  'state.partlyAssigned': '一部割り当て済み',
  'state.allAssigned': 'すべて割り当て済み',
  'state.noUserAssigned': 'ユーザー未割り当て',
  'state.pendingActivation': 'アクティブ化保留中',
  'state.noneUsed': '未使用',
  'state.partlyUsed': '一部使用済み',
  'state.allUsed': 'すべて使用済み',
  'state.offerAvailable': '利用可能',
  'state.offerUnavailable': '利用不可',
  'state.offerPending': '保留中',
  'state.offerActive': 'アクティブ',
  'state.offerExpired': '期限切れ',

  'next.getKeys':
    'パートナー センターで [キーの取得] を選び、製品を表示する言語とコンピューターの OS の種類を選びます。最初にキーを取得すると、この特典はアクティブ化されます。',
  'next.downloadAndInstall':
    'お使いの言語と OS の種類に合ったパッケージをダウンロードしてインストールします。',
  'next.assignYourself':
    '「{benefit}をアクティブ化」と送ると、自分がユーザーとして割り当てられます。その後は Azure ポータルで管理します。',
  'next.manageInAzurePortal': 'サブスクリプションは Azure ポータルで管理します。',
  'next.getLicenseKeys':
    'パートナー センターで [キーの取得] を選んでライセンス キーをコピーし、特別な指示に従ってサブスクリプションをアクティブ化します。',
  'next.assignSeats':
    '「(名前)に{benefit}を割り当てて」と送ると、空きシートを割り当てます。ユーザーは Visual Studio ポータルで管理します。',
  'next.reassignSeats':
    'すべてのシートが使用中です。「{benefit}を(現在のユーザー)から(新しいユーザー)に再割り当て」または「{benefit}から(名前)を外して」と送ってください。',
  'next.assignSupportUser':
    '「(名前)に{benefit}を割り当てて」と送ってください。必要な別のメール アドレスをお聞きします。',
  'next.waitForActivation': 'アクティブ化には数日かかることがあります。',
  'next.openSupportIncident': '割り当てられたユーザーがサポート インシデントを作成できます。',
  'next.requestHours':
    'リクエスト フォームで支援をリクエストします (プリセールス、設計、デプロイメント、アプリケーション開発)。',
  'next.noHoursLeft': 'すべての時間が使用済みです。',
  'next.assignMarketingContact':
    '「{benefit}をアクティブ化」と送ってください。先に会社のマーケティング担当者をお聞きします。',
  'next.activateOffer':
    '「{benefit}をアクティブ化」と送ってください。アクティブ化には数日かかることがあります。',
  'next.notEligible': '組織のパートナー レベルはこのオファーの対象外です。',
  'next.useUntilExpiry': '有効期限までこのオファーを使用できます。',
  'next.renewOffer': 'このオファーは有効期限が切れています。',

  'mine.title': '{name} さんの特典',
  'mine.subtitle': '{org}',
  'mine.assignedOn': '{date} に割り当て',
  'mine.marketingContact': 'あなたは市場投入オファーの会社のマーケティング担当者です。',
  'mine.start.signInVisualStudio':
    '{email} で Visual Studio ポータルにサインインすると、サブスクリプションをダウンロードして使用できます。',
  'mine.start.manageInAzure':
    '{email} でサインインし、Azure ポータルでサブスクリプションを管理します。',
  'mine.start.supportPending':
    'アクティブ化には数日かかることがあります。手順は {emails} に送信されます。',
  'mine.start.supportActive':
    'マイクロソフト製品サポート インシデントを作成できます。手順は {emails} に送信されました。',
  'mine.start.useBenefit': '下のリンクから使い始めてください。',
  'mine.none': '{name} さんにはまだ特典が割り当てられていません。',
  'mine.couldAsk': 'グローバル管理者 ({admins}) に {list} の割り当てを依頼できます。',
  'mine.couldAskNoAdmin':
    '組織にはまだグローバル管理者が登録されていません。登録されると {list} の割り当てを依頼できます。',
  'mine.requestable': '{name} ({free})',
  'mine.nothingFree': '現在、空きシートのある特典はありません。',
  'mine.free.one': '空き {n} シート',
  'mine.free.other': '空き {n} シート',

  'flow.ask.benefit': 'どの特典ですか？',
  'flow.ask.benefit.assign': '{name} さんにどの特典を割り当てますか？',
  'flow.ask.benefit.ambiguous': '「{query}」に当てはまる特典が複数あります。どれですか？',
  'flow.ask.benefit.notFound': '「{query}」という特典が見つかりませんでした。',
  'flow.ask.benefit.several': '「{query}」に当てはまる特典が複数あります。',
  'flow.ask.benefit.remove': '{name} さんからどの特典を外しますか？',
  'flow.ask.benefit.reassign': 'どの特典を {from} さんから {name} さんに移しますか？',
  'flow.ask.benefit.reassignFrom': '{from} さんのどの特典を再割り当てしますか？',
  'flow.ask.benefit.confirmActive': '{name} さんのどの特典がアクティブになりましたか？',
  'flow.ask.didYouMean': 'こちらのいずれかですか？',
  'flow.ask.person.assign': '{benefit} を誰に割り当てますか？',
  'flow.ask.person.remove': '{benefit} から誰を外しますか？',
  'flow.ask.person.reassignFrom': '誰の {benefit} を再割り当てしますか？',
  'flow.ask.person.reassignTo': '{from} さんの代わりに {benefit} を誰に割り当てますか？',
  'flow.ask.person.confirmActive': '誰の {benefit} がアクティブになりましたか？',
  'flow.ask.person.notFound': '{org} のユーザー一覧に「{query}」が見つかりませんでした。',
  'flow.ask.person.several': '「{query}」に当てはまる人が複数います。',
  'flow.ask.alternativeEmail':
    '{name} さんのサポート手順を送る、別のメール アドレスを入力してください。',
  'flow.ask.alternativeEmail.note':
    'パートナー センター アカウントのメール アドレス ({email}) とは異なるアドレスにしてください。アクティブ化には数日かかることがあります。',
  'flow.input.person': '名前またはメール アドレス',
  'flow.input.person.placeholder': '例: Ana Bowman、ana@contoso.com',
  'flow.input.person.error': '名前またはメール アドレスを入力してください。',
  'flow.input.benefit': '特典',
  'flow.input.benefit.placeholder': '例: VS Pro、サポート',
  'flow.input.benefit.error': '特典の名前を入力してください。',
  'flow.input.alternativeEmail': '別のメール アドレス',
  'flow.input.alternativeEmail.placeholder': 'name@example.com',
  'flow.input.alternativeEmail.error': 'メール アドレスを入力してください。',
  'flow.input.submit': '続行',
  'flow.cancelButton': 'キャンセル',
  'flow.cancelled': 'キャンセルしました。何も変更していません。',
  'flow.nothingToCancel': 'キャンセルするものはありません。',
  'flow.confirmationVoided':
    'キャンセルしました。何も変更していません。上の確認カードは、押しても何も実行されません。',
  'flow.help.benefit':
    '特典を選んでください。ボタンを選ぶか、名前を入力します。やめるには「キャンセル」と送ってください。まだ何も変更していません。',
  'flow.help.person':
    '対象の人を選んでください。ボタンを選ぶか、名前またはメール アドレスを入力します。やめるには「キャンセル」と送ってください。まだ何も変更していません。',
  'flow.help.alternativeEmail':
    'サポート手順を送る別のメール アドレス (パートナー センター アカウントとは異なるもの) を入力してください。やめるには「キャンセル」と送ってください。まだ何も変更していません。',
  'flow.nobodyHolds': '{benefit} を持っている人がいないため、外す人や再割り当てする人はいません。',
  'confirm.assign': '{name} さんに {benefit} を割り当てますか?',
  'confirm.activateSelf':
    '自分 ({name}) をユーザーとして割り当てて {benefit} をアクティブ化しますか?',
  'confirm.remove': '{benefit} から {name} さんを外しますか?',
  'confirm.reassign': '{benefit} を {from} さんから {name} さんに再割り当てしますか?',
  'confirm.confirmActive': '{name} さんの {benefit} をアクティブにしますか?',
  'confirm.button': '確定',
  'confirm.cancelButton': 'キャンセル',
  'confirm.note': '確定するまで何も変更されません。',
  'confirm.note.pending':
    '確定するまで何も変更されません。アクティブ化には数日かかることがあります。手順は {emails} に送信されます。',
  'fact.benefit': '特典',
  'fact.person': 'ユーザー',
  'fact.from': '現在のユーザー',
  'fact.to': '新しいユーザー',
  'fact.alternativeEmail': '別のメール アドレス',
  'fact.leftAfter': '変更後の空き',
  'fact.left': '空き',
  'fact.leftValue': '{free} / {total}',
  'result.assigned': '{name} さんに {benefit} を割り当てました。',
  'result.assignedPending':
    '{name} さんに {benefit} を割り当てました (アクティブ化保留中)。アクティブ化には数日かかることがあります。手順は {emails} に送信されます。',
  'result.removed': '{name} さんを {benefit} から外しました。',
  'result.reassigned': '{benefit} を {from} さんから {name} さんに再割り当てしました。',
  'result.activated': '{name} さんの {benefit} は本日からアクティブです。',
  'result.alreadyDone': 'この変更はすでに完了しているため、今回は何も変更していません。',
  'result.cancelled': 'キャンセルしました。何も変更していません。',
  'result.notDone': '実行されませんでした',
  'result.useVisualStudio':
    '{name} さんは Visual Studio ポータルでサブスクリプションを管理します。',
  'result.useAzure': 'サブスクリプションは Azure ポータルで管理します。',
  'whoHas.title': '{benefit} の割り当て先',
  'whoHas.nobody': '{benefit} はまだ誰にも割り当てられていません。',
  'contact.title': '会社のマーケティング担当者',
  'contact.note':
    'この担当者には、アクティブな市場投入オファーについてのフォローアップ通信が届きます。メール アドレスはパートナー センター アカウントのメール アドレス ({email}) とは異なるものにしてください。',
  'contact.needed':
    '{offer} をアクティブ化する前に、会社のマーケティング担当者が必要です。入力すると、続けてアクティブ化します。',
  'contact.input.person': 'マーケティング担当者',
  'contact.input.person.error': 'ユーザーを選んでください。',
  'contact.input.email': 'メール アドレス',
  'contact.input.email.error': 'メール アドレスを入力してください。',
  'contact.input.phone': '連絡先電話番号',
  'contact.input.phone.placeholder': '例: +81 3-1234-5678',
  'contact.input.phone.error': '電話番号を入力してください。',
  'contact.input.language': '優先言語',
  'contact.input.language.error': '言語を選んでください。',
  'contact.current': 'マーケティング担当者: {name} ({email}、{phone}、{language})',
  'contact.none':
    '会社のマーケティング担当者はまだ割り当てられていません。オファーをアクティブ化するには必要です。',
  'flow.help.contact':
    'マーケティング担当者のフォーム (ユーザー、メール アドレス、電話番号、優先言語) の入力を待っています。やめるには「キャンセル」と送ってください。まだ何も変更していません。',
  'confirm.setMarketingContact': '{name} さんを会社のマーケティング担当者にしますか?',
  'confirm.activateOffer': '{benefit} をアクティブ化しますか?',
  'confirm.activateOfferWithContact':
    '{name} さんを会社のマーケティング担当者にして、{benefit} をアクティブ化しますか?',
  'confirm.offerActive': '{benefit} をアクティブにしますか?',
  'confirm.note.activation':
    '確定するまで何も変更されません。アクティブ化には数日かかることがあり、それまでオファーは保留中です。',
  'confirm.expires': '有効期限',
  'confirm.expires.error': 'オファーの有効期限を選んでください。',
  'fact.email': 'メール アドレス',
  'fact.phone': '電話番号',
  'fact.language': '優先言語',
  'fact.replaces': '現在の担当者',
  'fact.offer': 'オファー',
  'result.contactSet': '{name} さんを会社のマーケティング担当者にしました。',
  'result.activationRequested':
    '{benefit} のアクティブ化をリクエストしました。保留中で、数日かかることがあります。手順はマーケティング担当者の {name} さんに送信されます。',
  'result.offerActive': '{benefit} は {date} までアクティブです。',
  'flow.addNewUser': '「{name}」を新しいユーザーとして追加',
  'flow.addNewUserBlank': '新しいユーザーを追加',
  'flow.ask.newUser':
    '{org} のユーザー一覧にユーザーを追加します。同時に {benefit} を割り当てます。',
  'flow.input.newUserName': '名前',
  'flow.input.newUserName.placeholder': '例: Nina Patel',
  'flow.input.newUserName.error': '名前を入力してください。',
  'flow.input.newUserEmail': '職場のメール アドレス',
  'flow.input.newUserEmail.placeholder': 'nina@contoso.com',
  'flow.input.newUserEmail.error': 'メール アドレスを入力してください。',
  'flow.help.newUser':
    '新しいユーザーの名前と職場のメール アドレスを入力してください。やめるには「キャンセル」と送ってください。まだ何も変更していません。',
  'confirm.assignNewUser':
    '{name} さん ({email}) をユーザーとして追加し、{benefit} を割り当てますか?',
  'result.userAdded': '{name} さんをユーザー一覧に追加しました。',
  'flow.nobodyToConfirm':
    '{benefit} は誰にも割り当てられていないため、アクティブにするものはありません。',
  'help.say.assign':
    '「アナにVSを割り当てて」「VS Proからアナを外して」「VS EnterpriseをLee Guからアナに再割り当て」',
  'help.assign': '特典の割り当て、削除、再割り当て (確定するまで何も変更されません)',
  'help.say.whoHas':
    '「誰がVSを持っていますか」「Azureをアクティブ化」「Silver Coreをアクティブ化」「マーケティング担当者を設定」',
  'help.whoHas': '割り当て先の確認、Azure や市場投入オファーのアクティブ化',
  'audit.title': '{org} の最近の変更',
  'audit.empty': 'ボットによる変更はまだありません。',
  'audit.benefit.assigned': '{subject} さんに {benefit} を割り当て',
  'audit.benefit.unassigned': '{benefit} から {subject} さんを削除',
  'audit.benefit.reassigned': '{benefit} を {subject} さんに再割り当て',
  'audit.assignment.activated': '{subject} さんの {benefit} をアクティブに設定',
  'audit.assignment.noted': '{subject}さんの{benefit}のメモを変更',
  'confirm.setNote': '{name}さんの{benefit}にこのメモを設定しますか？',
  'confirm.clearNote': '{name}さんの{benefit}のメモを消去しますか？',
  'result.noteSet': '{name}さんの{benefit}にメモを設定しました。',
  'result.noteCleared': '{name}さんの{benefit}のメモを消去しました。',
  'fact.note': 'メモ',
  'fact.noteNone': '（なし）',
  'holders.withNote': '{value}・メモ：{note}',
  'note.how':
    '「アナさんのVS Proにメモ：Contoso 移行プロジェクト用」のように、誰のどの特典へのメモか、その内容を書いてください（消すときは「アナさんのVS Proのメモを消して」）。',
  'audit.marketingContact.set': '{subject} さんをマーケティング担当者に設定',
  'audit.offer.activationRequested': '{benefit} のアクティブ化をリクエスト',
  'audit.offer.activated': '{benefit} をアクティブに設定',
  'audit.user.added': '{subject} さんをユーザー一覧に追加',
  'flow.ask.newUserOnly': '{org} のユーザー一覧にユーザーを追加します。',
  'confirm.addUser': '{name} さん ({email}) をユーザー一覧に追加しますか?',
  'result.userAddedReady':
    '{name} さんをユーザー一覧に追加しました。すぐに特典を割り当てられます。',
  'help.say.admin': '「ユーザーを追加 Nina Patel nina@contoso.com」「監査ログを表示」',
  'help.admin': 'ユーザーの追加、変更履歴の確認',
  'audit.keys.revealed': '{benefit} のキーを取得',
  'audit.request.submitted': '{benefit} の支援をリクエスト',
  'audit.membership.cancellationRequested': '返金のためにメンバーシップのキャンセルを要求',
  'keys.title': 'キーの取得: {benefit}',
  'keys.subtitle':
    'キー {count} 個。製品を表示する言語と、インストールするコンピューターの OS の種類を選んでください。',
  'keys.subtitleLicense':
    'ライセンス キー {count} 個と、サブスクリプションをアクティブ化するための指示を表示します。',
  'keys.input.language': '表示言語',
  'keys.input.language.error': '言語を選んでください。',
  'keys.input.os': 'オペレーティング システムの種類',
  'keys.input.os.error': 'OS の種類を選んでください。',
  'keys.refundWarning':
    'ソフトウェア特典がまだアクティブ化されていないため、{date} までは特典パッケージをキャンセルして返金を受けられます。このキーを取得すると {benefit} がアクティブ化され、返金を受ける権利がなくなります。',
  'keys.refund.label': '返金',
  'keys.refund.toggle': 'キーを取得すると返金を受ける権利がなくなることを理解しました',
  'keys.refund.error': '確認のためにチェックを入れるか、キャンセルしてください。',
  'keys.reveal': 'キーの取得',
  'keys.note': 'キーはこの個人用チャットにのみ表示され、表示されるたびに監査ログに記録されます。',
  'keys.revealedTitle': '{benefit} のキー',
  'keys.chosen': '{language} · {os}',
  'keys.download': 'ダウンロード ({language}、{os})',
  'keys.activated': 'キーを取得したため、{benefit} はアクティブ化されました。',
  'keys.revealedNote': 'キーは安全に保管し、共有チャットに貼り付けないでください。',
  'keys.openPersonalChat': '個人用チャットを開く',
  'help.say.keys': '「Windows 11のキーを取得」「get keys for Windows 11」',
  'help.keys': '製品キーとライセンス キー (個人用チャットのみ)',
  'flow.ask.keys': 'どの製品のキーですか？',
  'cancel.verdict.eligible':
    '返金を受けられます。購入から 30 日以内で、ソフトウェア特典はアクティブ化されていません。',
  'cancel.verdict.windowClosed':
    '返金は受けられません。購入から 30 日の期間は {date} に終了しました。',
  'cancel.verdict.softwareActivated':
    '返金は受けられません。ソフトウェア特典がアクティブ化されています ({benefits})。',
  'cancel.verdict.open': 'キャンセルはすでに要求されています: {reference}。',
  'cancel.fact.package': 'メンバーシップ',
  'cancel.fact.purchased': '購入日',
  'cancel.fact.refundEnds': '返金期限',
  'cancel.fact.software': 'アクティブ化されたソフトウェア',
  'request.required': '入力してください。',
  'help.say.requests':
    '「相談時間をリクエスト」「私のリクエスト」「メンバーシップをキャンセルしたい」',
  'help.requests': '技術支援のリクエスト、リクエストの確認、返金のためのキャンセル',
  'export.description': '{org} の特典の割り当て一覧 (CSV ファイル、{rows}、{date} 時点)。',
  'export.sent': '{org} の割り当て一覧: {rows}。',
  'export.declined': '承知しました。ファイルは送信していません。',
  'export.failed':
    'ファイルを OneDrive にアップロードできなかったため、何も送信していません。もう一度お試しください。',
  'help.say.export': '「割り当てをエクスポート」',
  'help.export': '割り当て一覧の CSV ファイル (個人用チャット)',
  'count.rows.one': '{n} 行',
  'count.rows.other': '{n} 行',
  'notify.heading': 'パートナー特典',
  'notify.assigned': '{by} さんが {name} さんに {benefit} を割り当てました。',
  'notify.assignedPending':
    '{by} さんが {name} さんに {benefit} を割り当てました。アクティブ化は保留中で、数日かかることがあります。',
  'notify.assigned.you': '{by} さんがあなたに {benefit} を割り当てました。',
  'notify.startDetail': '使い始める方法は「私の特典」で確認できます。',
  'notify.pendingDetail': 'アクティブ化には数日かかることがあります。手順はメールで届きます。',
  'notify.unassigned': '{by} さんが {benefit} から {name} さんを外しました。',
  'notify.reassigned': '{by} さんが {benefit} を {from} さんから {name} さんに再割り当てしました。',
  'notify.active': '{name} さんの {benefit} がアクティブになりました ({by} さんが確認)。',
  'notify.activeYou': 'あなたの {benefit} がアクティブになりました。',
  'notify.offerRequested': '{by} さんが {benefit} のアクティブ化をリクエストしました。保留中です。',
  'notify.offerActive': '{benefit} は {date} までアクティブです。',
  'notify.keysRevealed': '{by} さんが {benefit} のキーを取得しました。',
  'notify.seatsLeft': '{benefit}: 残り {free} です。',
  'notify.noSeatsLeft': '{benefit}: 空きシートはありません。',
  'notify.requestSubmitted': '{by} さんがリクエスト {reference} を送信しました。',
  'notify.days.one': '残り {n} 日',
  'notify.days.other': '残り {n} 日',
  'notify.reminder.offerExpiring': 'リマインダー: {benefit} の有効期限は {date} です ({days})。',
  'notify.reminder.membershipExpiring':
    'リマインダー: メンバーシップの有効期限は {date} です ({days})。',
  'notify.reminder.refundWindowClosing':
    'リマインダー: 返金のために特典パッケージをキャンセルできるのは {date} までです ({days})。',
  'notify.reminder.activationPending':
    'リマインダー: {benefit} は {date} からアクティブ化保留中です。',
  'ask.title': '{name} さんが {benefit} を申請しています',
  'ask.free': '現在 {free}。',
  'ask.waiting': 'グローバル管理者の承認または却下を待っています。',
  'ask.approvedBy': '{name} さんが承認しました。{user} さんに {benefit} が割り当てられました。',
  'ask.declinedBy': '{name} さんが却下しました。',
  'ask.approve': '承認',
  'ask.decline': '却下',
  'ask.refresh': '表示',
  'ask.sent': '{benefit} の申請を管理者に送信しました。決定したらここでお知らせします。',
  'ask.sentAlready': '{benefit} はすでに申請済みで、グローバル管理者の決定を待っています。',
  'ask.which': 'どの特典を申請しますか？',
  'ask.confirm': '{benefit}をグローバル管理者に申請しますか？',
  'ask.you.approved': '{by} さんが {benefit} の申請を承認しました。',
  'ask.you.declined': '{by} さんが {benefit} の申請を却下しました。',
  'audit.benefit.asked': '{benefit} を申請',
  'audit.benefit.askDecided': '{subject} さんの {benefit} の申請を決定',
  'error.ASK.NOT_FOUND': 'その申請は存在しません。',
  'error.NOTIFICATION.NOT_FOUND':
    'その ID の通知はないため、再送していません。「失敗した通知を表示」と言うと、失敗した通知を確認できます。',
  'error.NOTIFICATION.NOT_A_CHANNEL':
    '通知を送れるのは、私が追加されているチームのチャネルだけです。チームに私を追加してから、そのチャネルで「このチャネルに通知」と言ってください。',
  'error.NOTIFICATION.LANGUAGE_UNSUPPORTED':
    '通知の言語は英語か日本語です。「{language}」は選べません。',
  'help.say.ask': "「VSを申請したい」「I'd like a Visual Studio subscription」",
  'help.ask': '特典を管理者に申請 (決定したらお知らせします)',
  'notifyCmd.here': 'これから、{org} の特典の変更をこのチャネルに日本語でお知らせします。',
  'notifyCmd.alreadyHere': 'このチャネルにはすでに {org} の特典の変更をお知らせしています。',
  'notifyCmd.channelOnly':
    'チームのチャネルでメンションして「このチャネルに通知」と送ると、そのチャネルに変更をお知らせします。',
  'notifyCmd.stopped': 'チャネルへの通知を停止しました。本人への特典のお知らせは引き続き送ります。',
  'notifyCmd.notSet': 'まだ通知を受け取るチャネルはありません。',
  'notifyCmd.failedTitle': '配信できなかった通知',
  'notifyCmd.noneFailed': 'すべての通知を配信しました。',
  'notifyCmd.retried.one': '{n} 件の通知を再送します。',
  'notifyCmd.retried.other': '{n} 件の通知を再送します。',
  'notifyCmd.retryHint': '再送するには「通知を再送」と送ってください。',
  'help.say.notify': '「このチャネルに通知」(チームのチャネルで)「通知を停止」「失敗した通知」',
  'help.notify': '変更をお知らせするチャネルの設定',
  'result.unreachable':
    '{name} さんは個人用チャットでボットを追加していないため、直接お知らせできません。代わりに通知チャネルでメンションします。',
  'result.untold':
    '{name} さんにはお知らせできません。個人用チャットでボットを追加しておらず、通知チャネルもないためです。チームのチャネルでメンションして「このチャネルに通知」と送るか、{name} さんに Teams でパートナー特典ボットを開くよう依頼してください。',
  'notifyCmd.undeliverable':
    '配信先なし: 個人用チャットでボットを追加しておらず、通知チャネルもありません',
  'notifyCmd.undeliverableHint':
    '配信先がないため届けられなかった通知があります。チームのチャネルで「このチャネルに通知」と送るか、対象の人に Teams でパートナー特典ボットを開くよう依頼してから、「通知を再送」と送ってください。',
  'notifyCmd.stillUndeliverable.one':
    '{n} 件の通知はまだ配信先がないため、再送していません。チームのチャネルで「このチャネルに通知」と送るか、対象の人に Teams でパートナー特典ボットを開くよう依頼してから、もう一度再送してください。',
  'notifyCmd.stillUndeliverable.other':
    '{n} 件の通知はまだ配信先がないため、再送していません。チームのチャネルで「このチャネルに通知」と送るか、対象の人に Teams でパートナー特典ボットを開くよう依頼してから、もう一度再送してください。',
  'audit.user.roleChanged': '{subject} さんのロールを変更',
  'error.ROLE.NOT_A_PARTNER_ROLE':
    'ここで設定できるのはパートナー プログラムのロール (MPN パートナー管理者、管理エージェント) だけです。グローバル管理者とユーザー管理者はディレクトリで管理されます。',
  'confirm.grantRole': '{name} さんを{role}にしますか?',
  'confirm.revokeRole': '{name} さんから{role}のロールを外しますか?',
  'result.roleGranted': '{name} さんは{role}になりました。',
  'result.roleRevoked': '{name} さんは{role}ではなくなりました。',
  'role.article.mpnPartnerAdmin': 'MPN パートナー管理者',
  'role.article.adminAgent': '管理エージェント',
  'flow.ask.person.role': '誰を{role}にしますか？',
  'error.DIRECTORY.UNAVAILABLE':
    '組織のディレクトリ (Microsoft Entra ID) に今は接続できないため、何も変更していません。数分後にもう一度お試しください。',
  'error.USER.LEFT':
    '{name} さんは組織のディレクトリにもういません (アカウントが削除または無効化されています)。何も変更していません。',
  'error.USER.MANAGED_IN_DIRECTORY':
    'この組織のユーザーは Microsoft Entra ID で管理されています。そちらで追加すると、すぐに名前やメールで見つけられます。',
  'error.RECLAIM.NOTHING_TO_RECLAIM':
    'それらの席はもう退職者が保持していないため、回収するものはありませんでした。',
  'audit.benefit.reclaimed': '退職した {subject} さんから {benefit} を回収',
  'notify.peopleLeft.detail':
    'グローバル管理者は個人チャットで「退職者の席」と話しかけると、確認して回収できます。',
  'limit.slowDown':
    'メッセージの送信が速すぎるため、一部を処理していません。数秒待ってから、もう一度送ってください。',
  'left.none': '退職者が保持している席はありません。特典を持つ全員がディレクトリにいます。',
  'left.title.one': '退職者が保持している席が {n} 席あります',
  'left.title.other': '退職者が保持している席が {n} 席あります',
  'left.seats.one': '{benefit} {n} 席',
  'left.seats.other': '{benefit} {n} 席',
  'left.deleted': 'アカウント削除済み',
  'left.disabled': 'アカウント無効',
  'left.note': '回収すると席が空き、ほかの人に割り当てられます。退職者には通知しません。',
  'left.more': 'ほかに {n} 席あります。先にこれらを回収してから、もう一度お尋ねください。',
  'left.reclaimButton.one': '{n} 席を回収',
  'left.reclaimButton.other': '{n} 席を回収',
  'left.reclaimed.one': '退職者から {n} 席を回収しました',
  'left.reclaimed.other': '退職者から {n} 席を回収しました',
  'help.say.whoLeft': '「退職者の席」',
  'help.whoLeft': 'アカウントが削除・無効化された人の席を見つけて回収します',
  'page.previous': '前へ',
  'page.next': '次へ',
  'list.range': '{total} 件中 {first}–{last} 件目 ({page}/{pages} ページ)。',
  'list.moreHolders': 'ほか {n} 人',
  'list.allHolders': '割り当て先をすべて表示 ({total} 人)',
  'whoHas.range': '{total} 人中 {first}–{last} 人目。',
  'whoHas.more': '次へ (残り {n} 人)',
  'keys.range': '{total} 個中 {first}–{last} 個目のキー。',
  'flow.ask.more.matches':
    '「{query}」に当てはまる人が {total} 人います。最初の {shown} 人を表示しています。ほかの人は、名前をもう少し詳しく、またはメール アドレスを入力してください。',
  'flow.ask.more.holders':
    '{benefit} の割り当て先は {total} 人です。最初の {shown} 人を表示しています。ほかの人は、名前またはメール アドレスを入力してください。',
  'flow.ask.more.benefits':
    '当てはまる特典が {total} 件あります。最初の {shown} 件を表示しています。ほかの特典は、名前をもう少し詳しく入力してください。',
  'ask.more.one': 'ほかに {n} 件の特典を申請できます。「(特典名)を申請したい」と送ってください。',
  'ask.more.other': 'ほかに {n} 件の特典を申請できます。「(特典名)を申請したい」と送ってください。',
  'contact.more':
    '{org} の {total} 人のうち {shown} 人を表示しています。ほかの人は、下に名前を入力してください。',
  'contact.input.search': 'ほかの人 (名前またはメール アドレス)',
  'request.mine.older.one':
    '新しいリクエストを表示しています。それより古い {n} 件は表示していません。',
  'request.mine.older.other':
    '新しいリクエストを表示しています。それより古い {n} 件は表示していません。',
  'notifyCmd.older.one':
    '新しいものを表示しています。それより古い {n} 件は表示していません。「通知を再送」と送ると、すべて再送します。',
  'notifyCmd.older.other':
    '新しいものを表示しています。それより古い {n} 件は表示していません。「通知を再送」と送ると、すべて再送します。',
};
