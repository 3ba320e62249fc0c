/**
 * Every sentence a person reads, in English. ja.ts must have the same keys (the compiler checks)
 * and the same {placeholders} (a test checks). Keys ending in .one/.other are counted forms.
 */
export const en = {
  'welcome.admin':
    'Hi {name}! I keep the Microsoft partner benefits of {org} at hand. Ask "show benefits", "show software", "Visual Studio subscriptions" or "my benefits", or say "help" to see everything.',
  'welcome.employee':
    'Hi {name}! I keep the Microsoft partner benefits of {org} at hand. Ask "my benefits" to see what is assigned to you and how to start using it, or say "help".',
  'welcome.shared':
    'Hi everyone! I\'m Partner Benefits for {org}. Mention me with "show benefits" to see the organisation\'s benefits at a glance. For anything personal, chat with me one-to-one.',
  'welcome.languageHint': 'Say "日本語で" to switch to Japanese.',

  'access.pmc':
    '{org} still manages its Microsoft partner benefits in the Partner Membership Center (PMC), because it has not yet been invited to move to Partner Center. Sign in to PMC to manage them: {url}',
  'access.unknownTenant':
    'Your organisation is not set up in Partner Benefits, so I have no benefits to show you. If it is not a Microsoft partner yet, you can join on the membership site: {url}',
  'access.tenantNotAllowed': 'Sorry, Partner Benefits is not available to your organisation.',

  'help.title': 'What you can ask',
  'help.signedInAs': 'Signed in as {name} ({role}) at {org}.',
  'help.showBenefits': 'Every category, with what is used and free',
  'help.showCategory': 'One category, each benefit with its details',
  'help.myBenefits': 'What is assigned to you and how to start using it',
  'help.language': 'Answer in Japanese or English',
  'help.employeeNote': "Admins see the organisation's benefits; you see the ones assigned to you.",
  'help.sharedNote':
    'In a channel or group chat, mention me and I show only what everyone here may see.',
  'help.say.showBenefits': '"show benefits"',
  'help.say.showCategory':
    '"show software", "Visual Studio subscriptions", "show technical benefits"',
  'help.say.myBenefits': '"my benefits"',
  'help.say.language': '"日本語で" / "English please"',
  'help.say.mention': '@Partner Benefits show benefits',
  'help.button.showBenefits': 'Show benefits',
  'help.button.myBenefits': 'My benefits',
  'help.button.switchLanguage': '日本語で',

  notUnderstood: 'Sorry, I didn\'t understand "{text}". You could try {suggestions}.',
  'notUnderstood.empty': "Sorry, I didn't catch that. You could try {suggestions}.",
  'answer.has.yes': 'Yes — {person} holds {benefit} (since {date}).',
  'answer.has.no': 'No — {person} does not hold {benefit}; {free} free.',
  'answer.has.noneFree': 'No — {person} does not hold {benefit}, and none is free.',
  'answer.has.noUncounted': 'No — {person} does not hold {benefit}.',
  'answer.has.title': 'What {person} holds',
  'answer.has.nothing': '{person} holds no benefits yet.',
  'answer.has.since': 'since {date}',
  'answer.assignButton': 'Assign {benefit} to {person}',
  'answer.person.notFound':
    'I couldn\'t find anyone called "{query}" in {org}, so I can\'t say what they hold.',
  'answer.person.many':
    '"{query}" could be {names}. Which one do you mean? Ask again with their full name.',
  'answer.howMany.line': '{benefit}: {free} of {total} free.',
  'answer.howMany.uncounted':
    "{benefit}: {total}. How many are used is tracked in Microsoft's portals, not here.",
  'answer.howMany.title': 'What is left',
  'answer.details.button': 'Show details',
  'unsure.text': "I'm not sure what you want to do with {benefit}. Did you mean one of these?",
  'unsure.assign': 'Assign {benefit} to {person}?',
  'unsure.whoHas': 'Who has {benefit}?',
  'unsure.details': 'Show the details of {benefit}',
  'unsure.category': 'Show {category}',
  'example.showBenefits': 'show benefits',
  'example.howMany': 'how many VS Pro seats are left?',
  'example.whoHas': 'who has VS Enterprise?',
  'example.myBenefits': 'my benefits',
  'example.ask': "I'd like a VS Pro subscription",
  'example.help': 'help',
  'suggest.showBenefits': '"show benefits"',
  'suggest.myBenefits': '"my benefits"',
  'suggest.help': '"help"',
  'suggest.visualStudio': '"Visual Studio subscriptions"',

  'language.set': "OK, I'll answer in English from now on.",

  'scope.employeeSeesOwn':
    "Only admins see the organisation's benefits, so here are the ones assigned to you.",
  'scope.personalChatOnly':
    'Everyone here can read my answers, so I show personal things only in a personal chat with you.',
  'scope.openPersonalChat': 'Chat with me privately',

  'error.generic':
    'Sorry, something went wrong on my side and nothing was changed. Please try again; if it keeps happening, tell your admin.',
  'error.unknownAction':
    'That button is out of date or not one I know, so I did nothing. Say "show benefits" to start again.',
  'error.ORG.UNKNOWN_TENANT': 'Your organisation is not set up in Partner Benefits.',
  'error.ORG.MANAGED_IN_PMC':
    'Your organisation manages its benefits in the Partner Membership Center (PMC).',
  'error.ROLE.ADMIN_REQUIRED': 'Only an admin of your organisation can do that.',
  'error.BENEFIT.UNKNOWN_CATEGORY':
    'I don\'t know the category "{category}". The categories are Software, Cloud services, Visual Studio subscriptions, Technical benefits and Go-To-Market.',
  'error.STORE.WRITE_FAILED':
    'I could not save that change, so nothing was changed. Please try again in a moment; if it keeps happening, tell whoever runs this bot.',
  'error.ROLE.GLOBAL_ADMIN_REQUIRED':
    "Only a Global admin can do that. Your organisation's Global admins: {admins}.",
  'error.ROLE.MARKETING_ROLE_REQUIRED':
    'Only a Global admin or an MPN partner admin can do that. In your organisation: {admins}.',
  'error.ROLE.USER_ADMIN_REQUIRED':
    'Only a Global admin or a User admin can add users. In your organisation: {admins}.',
  'error.BENEFIT.NOT_FOUND': "That benefit is not in your organisation's package.",
  'error.BENEFIT.NOT_ASSIGNABLE': '{benefit} is not assigned to people.',
  'error.BENEFIT.NO_FREE_SEAT':
    'Every seat of {benefit} is taken ({holders}), so nothing was changed. Remove someone first, or reassign a seat.',
  'error.BENEFIT.ALREADY_ASSIGNED':
    '{benefit} is already assigned to {holders}. Reassign it instead.',
  'error.USER.NOT_FOUND': "That person is not in your organisation's user list.",
  'error.ASSIGNMENT.ALREADY_HOLDS': '{name} already has {benefit}.',
  'error.ASSIGNMENT.NOT_HELD': '{name} does not have {benefit}.',
  'error.ASSIGNMENT.SAME_PERSON': '{name} already holds it; choose someone else to reassign it to.',
  'error.ASSIGNMENT.USAGE_SELF_ONLY':
    '{benefit} is a usage-based subscription: it is activated by assigning yourself, and managed in the Azure portal. It cannot be given to someone else, so nothing was changed.',
  'error.NOTE.TOO_LONG': 'A note can have at most {max} characters. Nothing was changed.',
  'error.ASSIGNMENT.ALTERNATIVE_EMAIL_REQUIRED':
    'Support needs an alternative email address for the user, different from your Partner Center account email.',
  'error.EMAIL.INVALID': '"{email}" is not a valid email address.',
  'error.EMAIL.SAME_AS_PARTNER_CENTER':
    "{email} is your company's Partner Center account email; Microsoft needs a different address here, so the instructions reach the person directly.",
  'error.REQUEST.ID_REQUIRED': 'That button is out of date, so I did nothing. Please start again.',
  'error.REQUEST.ID_REUSED':
    'That button was already used for a different change, so I did nothing. Please start again from a new card.',
  'error.PHONE.INVALID':
    'I couldn\'t read "{phone}" as a phone number, so nothing was changed. Give the number with its country code, for example +81 3-1234-5678.',
  'error.LANGUAGE.UNSUPPORTED':
    '"{language}" is not a language I can record for the marketing contact. Choose one of: {languages}.',
  'error.BENEFIT.NOT_AN_OFFER':
    '{benefit} is not a Go-To-Market offer, so it is not activated this way.',
  'error.OFFER.NOT_ELIGIBLE':
    '{offer} is unavailable: it needs partner level {level}, and your organisation is at {current}. Nothing was changed.',
  'error.OFFER.NEEDS_MARKETING_CONTACT':
    'Before {offer} can be activated, your company needs a marketing contact. Say "set the marketing contact" to add one.',
  'error.OFFER.ALREADY_PENDING':
    'Activation of {offer} has already been requested and is pending; it can take several days. Nothing was changed.',
  'error.OFFER.ALREADY_ACTIVE':
    '{offer} is already active and can be used until {date}. Nothing was changed.',
  'error.OFFER.NOT_PENDING':
    '{offer} has no pending activation request, so there is nothing to confirm. Activate it first.',
  'error.OFFER.EXPIRY_IN_PAST':
    'The expiry date {date} of {offer} is not in the future. Give a date after today.',
  'error.USER.NAME_REQUIRED': 'To add a user in Account settings I need their name.',
  'error.USER.NAME_TOO_LONG':
    "That name is too long: a user's name can have at most {max} characters.",
  'error.USER.EMAIL_TAKEN':
    '{email} already belongs to {name} in your organisation, so I did not add another user. Choose {name} instead, or use a different address.',
  'error.REQUEST.NOT_AN_HOURS_BENEFIT':
    '{benefit} is not an advisory or presales hours benefit, so hours cannot be requested from it. Say "request advisory hours" to choose one that is.',
  'error.REQUEST.PHASE_REQUIRED':
    'Choose the phase you need help in: presales, design, deployment or app development.',
  'error.REQUEST.SOLUTION_REQUIRED': 'Choose whether the help is for a cloud or a hybrid solution.',
  'error.REQUEST.DESCRIPTION_REQUIRED':
    'Tell me what you need help with: a request needs a description.',
  'error.REQUEST.DESCRIPTION_TOO_LONG':
    'That text is too long: it can have at most {max} characters. Nothing was submitted.',
  'error.REQUEST.HOURS_INVALID':
    '"{hours}" is not a number of hours I can request. Give a whole number, 1 or more.',
  'error.REQUEST.NO_HOURS_LEFT':
    '{benefit} has no hours left: every hour is used or reserved by requests already submitted. Nothing was submitted.',
  'error.REQUEST.TOO_MANY_HOURS':
    'That is more hours of {benefit} than remain (requested: {hours}, remaining: {remaining}). Nothing was submitted; ask for {remaining} or fewer.',
  'error.CANCEL.REFUND_WINDOW_CLOSED':
    'The membership can no longer be cancelled for a refund: a cancellation must be requested within 30 days of purchase. It was purchased on {purchased}, so the refund period ended on {date}. Nothing was requested.',
  'error.CANCEL.SOFTWARE_ACTIVATED':
    'The membership can no longer be cancelled for a refund, because a software benefit has been activated (the keys of {benefits} were revealed). Nothing was requested.',
  'error.CANCEL.ALREADY_REQUESTED':
    'A cancellation has already been requested (service request {reference}), so I did not make another.',

  'request.title': 'Request advisory or presales hours',
  'request.intro':
    'Technical help in the presales, design, deployment and app development phases of your cloud and hybrid solutions. The hours you request come out of the hours available.',
  'request.benefit': 'Benefit',
  'request.phase': 'Phase',
  'request.phase.presales': 'Presales',
  'request.phase.design': 'Design',
  'request.phase.deployment': 'Deployment',
  'request.phase.appDevelopment': 'App development',
  'request.solution': 'Cloud or hybrid solution',
  'request.solution.cloud': 'Cloud',
  'request.solution.hybrid': 'Hybrid',
  'request.description': 'What do you need?',
  'request.description.placeholder':
    'For example: review the architecture of our Azure landing zone before the customer workshop',
  'request.hours': 'Hours requested',
  'request.remaining.one': '{n} hour remaining',
  'request.remaining.other': '{n} hours remaining',
  'request.contactEmail': 'Contact email',
  'request.contactEmail.hint': 'Leave it blank to use {email}.',
  'request.contactPhone': 'Contact phone (optional)',
  'request.submit': 'Submit request',
  'request.submitted':
    'Request {reference} was submitted. Its hours are reserved and count as used on the benefit.',
  'request.alreadySubmitted':
    'Request {reference} had already been submitted, so nothing was changed.',
  'request.reference': 'Reference',
  'request.status.submitted': 'Submitted',
  'request.kind.hours': 'Advisory or presales hours',
  'request.kind.cancellation': 'Cancellation',
  'request.submittedBy': 'Submitted by {name} on {date}',
  'request.mine.title': 'My requests',
  'request.mine.none': 'You have not submitted any requests.',
  'request.organisation.title': 'Requests of {org}',

  'cancel.title': 'Cancel the membership for a refund',
  'cancel.terms':
    'A benefit or offer can be cancelled for a refund only if the request is made within 30 days of purchase and no software benefit has been activated. The cancellation is requested through a service request.',
  'cancel.package': 'Membership: {package}',
  'cancel.purchased': 'Purchased: {date}',
  'cancel.refundEnds': 'Refund possible until: {date}',
  'cancel.softwareActivated': 'Software activated: {benefits}',
  'cancel.noSoftwareActivated': 'No software benefit has been activated.',
  'cancel.confirmQuestion':
    'Request the cancellation of {package} for a refund? This creates a cancellation service request.',
  'cancel.reason': 'Reason (optional)',
  'cancel.confirm': 'Request cancellation',
  'cancel.keep': 'Keep the membership',
  'cancel.requested':
    'The cancellation service request {reference} was created. Quote this reference when you follow it up.',
  'cancel.alreadyRequested':
    'The cancellation service request {reference} had already been created, so nothing was changed.',
  'error.KEYS.PERSONAL_CHAT_ONLY':
    'Keys are shown only in a personal chat with me, never where others can read them. Open a personal chat and ask again.',
  'error.KEYS.NOT_A_KEY_BENEFIT':
    '{benefit} has no keys to get: keys come with software and with licence-based cloud subscriptions.',
  'error.KEYS.NONE_STORED':
    'No keys for {benefit} have been loaded here yet, so there is nothing to show. Get them in Partner Center, or ask whoever runs this bot to import them.',
  'error.KEYS.LANGUAGE_REQUIRED': 'Choose the language {benefit} will be displayed in: {choices}.',
  'error.KEYS.OS_REQUIRED':
    'Choose the operating system type of the computers {benefit} will be installed on: {choices}.',
  'error.KEYS.UNKNOWN_CHOICE': '{benefit} is not offered for "{choice}". Choose one of: {choices}.',
  'error.KEYS.REFUND_CONFIRMATION_REQUIRED':
    'Getting the keys for {benefit} activates it, and after that your membership can no longer be cancelled for a refund (otherwise possible until {date}). Nothing was shown or changed. Confirm that you accept this to get the keys.',
  'error.KEYS.UNREADABLE':
    "The stored keys for {benefit} could not be read with this bot's key secret, so nothing was shown or changed. Tell whoever runs this bot (KEYS_SECRET may have changed).",

  'role.globalAdmin': 'Global admin',
  'role.userAdmin': 'User admin',
  'role.adminAgent': 'Admin agent',
  'role.mpnPartnerAdmin': 'MPN partner admin',
  'role.employee': 'employee',

  'level.ActionPack': 'Action Pack',
  'level.Silver': 'Silver',
  'level.Gold': 'Gold',

  'category.software': 'Software',
  'category.cloud': 'Cloud services',
  'category.visualStudio': 'Visual Studio subscriptions',
  'category.technical': 'Technical benefits',
  'category.goToMarket': 'Go-To-Market',

  'unit.key.one': '{n} key',
  'unit.key.other': '{n} keys',
  'unit.license.one': '{n} license',
  'unit.license.other': '{n} licenses',
  'unit.subscription.one': '{n} subscription',
  'unit.subscription.other': '{n} subscriptions',
  'unit.seat.one': '{n} seat',
  'unit.seat.other': '{n} seats',
  'unit.incident.one': '{n} support incident',
  'unit.incident.other': '{n} support incidents',
  'unit.hour.one': '{n} hour',
  'unit.hour.other': '{n} hours',
  'unit.offer.one': '{n} offer',
  'unit.offer.other': '{n} offers',

  'summary.activated': '{activated} of {count} activated',
  'summary.usedFree': '{used} used · {free} free',
  'summary.offersAvailable': '{available} available · {active} active',
  'summary.empty': 'Nothing in this category',

  'overview.title': '{org}: partner benefits',
  'overview.subtitle': '{package} · {level} · expires {date}',
  'overview.open': 'Open {category}',
  'overview.hint': 'Select a category to see its benefits.',

  'list.subtitle': '{org} · {summary}',
  'list.details': 'Details of {name}',
  'list.back': 'All benefits',
  'list.expires': 'Expires {date}',
  'list.needsLevel': 'Needs partner level {level}',
  'list.empty': 'There are no benefits in this category.',

  'details.instructions': 'Special instructions',
  'details.holders': 'Assigned to',
  'details.noHolders': 'Nobody yet.',
  'details.pending': 'pending activation',
  'details.next': 'What you can do next',

  'state.keysNotRevealed': 'Keys not revealed',
  'state.keysRevealed': 'Keys revealed',
  'state.notActivated': 'Not activated',
  'state.active': 'Active',
  'state.noneAssigned': 'None assigned',
  'state.partlyAssigned': 'Partly assigned',
  'state.allAssigned': 'All assigned',
  'state.noUserAssigned': 'No user assigned',
  'state.pendingActivation': 'Pending activation',
  'state.noneUsed': 'None used',
  'state.partlyUsed': 'Partly used',
  'state.allUsed': 'All used',
  'state.offerAvailable': 'Available',
  'state.offerUnavailable': 'Unavailable',
  'state.offerPending': 'Pending',
  'state.offerActive': 'Active',
  'state.offerExpired': 'Expired',

  'next.getKeys':
    'Get keys in Partner Center, choosing the display language and the OS type of the computers; the first reveal activates this benefit.',
  'next.downloadAndInstall': 'Download and install the packages for your language and OS type.',
  'next.assignYourself':
    'Say "activate {benefit}" to assign yourself as its user; then manage it in the Azure portal.',
  'next.manageInAzurePortal': 'Manage the subscription in the Azure portal.',
  'next.getLicenseKeys':
    'Get the license key(s) in Partner Center and follow the special instructions to activate the subscription.',
  'next.assignSeats':
    'Say "assign {benefit} to" and a name to give someone a free seat; they then manage it in the Visual Studio portal.',
  'next.reassignSeats':
    'Every seat is taken. Say "reassign {benefit} from" one person "to" another, or "remove" someone.',
  'next.assignSupportUser':
    'Say "assign {benefit} to" and a name; I will ask for the alternative email address it needs.',
  'next.waitForActivation': 'Activation can take several days.',
  'next.openSupportIncident': 'The assigned user can open support incidents.',
  'next.requestHours':
    'Request help with the request form: presales, design, deployment or app development.',
  'next.noHoursLeft': 'All hours are used.',
  'next.assignMarketingContact':
    'Say "activate {benefit}": I will ask for the company marketing contact first.',
  'next.activateOffer': 'Say "activate {benefit}"; activation can take several days.',
  'next.notEligible': "Your organisation's partner level does not qualify for this offer.",
  'next.useUntilExpiry': 'Use the offer until it expires.',
  'next.renewOffer': 'This offer has expired.',

  'mine.title': 'Your benefits, {name}',
  'mine.subtitle': '{org}',
  'mine.assignedOn': 'Assigned {date}',
  'mine.marketingContact': 'You are the company marketing contact for Go-To-Market offers.',
  'mine.start.signInVisualStudio':
    'Sign in to the Visual Studio portal with {email} to download and use your subscription.',
  'mine.start.manageInAzure': 'Manage the subscription in the Azure portal, signed in as {email}.',
  'mine.start.supportPending': 'Activation can take several days; the instructions go to {emails}.',
  'mine.start.supportActive':
    'You can open Microsoft product support incidents; the instructions went to {emails}.',
  'mine.start.useBenefit': 'Open the link below to start using it.',
  'mine.none': 'You have no benefits assigned yet, {name}.',
  'mine.couldAsk': 'You could ask a Global admin ({admins}) for {list}.',
  'mine.couldAskNoAdmin':
    'Your organisation has no Global admin listed yet, who could assign you {list}.',
  'mine.requestable': '{name} ({free})',
  'mine.nothingFree': 'Nothing has a free seat at the moment.',
  'mine.free.one': '{n} seat free',
  'mine.free.other': '{n} seats free',

  'flow.ask.benefit': 'Which benefit?',
  'flow.ask.benefit.assign': 'Which benefit should {name} get?',
  'flow.ask.benefit.ambiguous': '"{query}" could be more than one benefit. Which one do you mean?',
  'flow.ask.benefit.notFound': 'I couldn\'t find a benefit called "{query}".',
  'flow.ask.benefit.several': '"{query}" could be more than one benefit.',
  'flow.ask.benefit.remove': 'Which benefit should be removed from {name}?',
  'flow.ask.benefit.reassign': 'Which benefit should move from {from} to {name}?',
  'flow.ask.benefit.reassignFrom': "Which of {from}'s benefits should be reassigned?",
  'flow.ask.benefit.confirmActive': "Which of {name}'s benefits is now active?",
  'flow.ask.didYouMean': 'Did you mean one of these?',
  'flow.ask.person.assign': 'Who should get {benefit}?',
  'flow.ask.person.remove': 'Who should be removed from {benefit}?',
  'flow.ask.person.reassignFrom': 'Whose {benefit} should be reassigned?',
  'flow.ask.person.reassignTo': 'Who should get {benefit} instead of {from}?',
  'flow.ask.person.confirmActive': 'Whose {benefit} is now active?',
  'flow.ask.person.notFound': 'I couldn\'t find "{query}" in the user list of {org}.',
  'flow.ask.person.several': '"{query}" matches more than one person.',
  'flow.ask.alternativeEmail':
    'Which alternative email address should the support instructions for {name} also go to?',
  'flow.ask.alternativeEmail.note':
    'It must differ from your Partner Center account email ({email}). Activation can take several days.',
  'flow.input.person': 'Name or email',
  'flow.input.person.placeholder': 'For example Ana Bowman or ana@contoso.com',
  'flow.input.person.error': 'Type a name or an email address.',
  'flow.input.benefit': 'Benefit',
  'flow.input.benefit.placeholder': 'For example VS Pro or support',
  'flow.input.benefit.error': 'Type the name of a benefit.',
  'flow.input.alternativeEmail': 'Alternative email',
  'flow.input.alternativeEmail.placeholder': 'name@example.com',
  'flow.input.alternativeEmail.error': 'Type an email address.',
  'flow.input.submit': 'Continue',
  'flow.cancelButton': 'Cancel',
  'flow.cancelled': 'Cancelled. Nothing was changed.',
  'flow.nothingToCancel': 'There is nothing to cancel.',
  'flow.confirmationVoided':
    'Cancelled. Nothing was changed, and the confirmation card above will no longer do anything if pressed.',
  'flow.help.benefit':
    'I am waiting for the benefit: pick a button or type its name. Say "cancel" to stop; nothing has changed yet.',
  'flow.help.person':
    'I am waiting for the person: pick a button, or type a name or an email address. Say "cancel" to stop; nothing has changed yet.',
  'flow.help.alternativeEmail':
    'I am waiting for an alternative email address for the support instructions, different from the Partner Center account email. Say "cancel" to stop; nothing has changed yet.',
  'flow.nobodyHolds': 'Nobody holds {benefit}, so there is nobody to remove or reassign.',
  'confirm.assign': 'Assign {benefit} to {name}?',
  'confirm.activateSelf': 'Activate {benefit} by assigning yourself ({name}) as its user?',
  'confirm.remove': 'Remove {name} from {benefit}?',
  'confirm.reassign': 'Reassign {benefit} from {from} to {name}?',
  'confirm.confirmActive': 'Mark {benefit} for {name} as active?',
  'confirm.button': 'Confirm',
  'confirm.cancelButton': 'Cancel',
  'confirm.note': 'Nothing changes until you confirm.',
  'confirm.note.pending':
    'Nothing changes until you confirm. Activation can take several days; the instructions go to {emails}.',
  'fact.benefit': 'Benefit',
  'fact.person': 'Person',
  'fact.from': 'From',
  'fact.to': 'To',
  'fact.alternativeEmail': 'Alternative email',
  'fact.leftAfter': 'Left after this',
  'fact.left': 'Left',
  'fact.leftValue': '{free} of {total}',
  'result.assigned': '{name} now has {benefit}.',
  'result.assignedPending':
    '{name} is assigned to {benefit}, pending activation. Activation can take several days; the instructions go to {emails}.',
  'result.removed': '{name} no longer has {benefit}.',
  'result.reassigned': '{benefit} moved from {from} to {name}.',
  'result.activated': '{benefit} for {name} is active from today.',
  'result.alreadyDone': 'This was already done, so nothing changed this time.',
  'result.cancelled': 'Cancelled. Nothing was changed.',
  'result.notDone': 'Not done',
  'result.useVisualStudio': '{name} manages the subscription in the Visual Studio portal.',
  'result.useAzure': 'Manage the subscription in the Azure portal.',
  'whoHas.title': 'Who has {benefit}',
  'whoHas.nobody': 'Nobody has {benefit} yet.',
  'contact.title': 'Company marketing contact',
  'contact.note':
    'This person receives the follow-up communications about your active Go-To-Market offers. The email must differ from your Partner Center account email ({email}).',
  'contact.needed':
    'Before {offer} can be activated, your company needs a marketing contact. Fill this in, and I will go on with the activation.',
  'contact.input.person': 'Marketing contact',
  'contact.input.person.error': 'Choose a person.',
  'contact.input.email': 'Email',
  'contact.input.email.error': 'Type an email address.',
  'contact.input.phone': 'Contact phone',
  'contact.input.phone.placeholder': 'For example +1 425 555 0100',
  'contact.input.phone.error': 'Type a phone number.',
  'contact.input.language': 'Preferred language',
  'contact.input.language.error': 'Choose a language.',
  'contact.current': 'Marketing contact: {name} ({email}, {phone}, {language})',
  'contact.none':
    'No company marketing contact yet: one is needed before an offer can be activated.',
  'flow.help.contact':
    'I am waiting for the marketing contact form: the person, an email, a phone number and a preferred language. Say "cancel" to stop; nothing has changed yet.',
  'confirm.setMarketingContact': 'Make {name} the company marketing contact?',
  'confirm.activateOffer': 'Activate {benefit}?',
  'confirm.activateOfferWithContact':
    'Make {name} the company marketing contact and activate {benefit}?',
  'confirm.offerActive': 'Mark {benefit} as active?',
  'confirm.note.activation':
    'Nothing changes until you confirm. Activation can take several days; the offer is pending until then.',
  'confirm.expires': 'Expires',
  'confirm.expires.error': 'Choose the date the offer expires.',
  'fact.email': 'Email',
  'fact.phone': 'Phone',
  'fact.language': 'Preferred language',
  'fact.replaces': 'Replaces',
  'fact.offer': 'Offer',
  'result.contactSet': '{name} is now the company marketing contact.',
  'result.activationRequested':
    'Activation of {benefit} is requested: it is pending and can take several days. Instructions go to the marketing contact, {name}.',
  'result.offerActive': '{benefit} is active until {date}.',
  'flow.addNewUser': 'Add "{name}" as a new user',
  'flow.addNewUserBlank': 'Add a new user',
  'flow.ask.newUser': 'Add someone to the user list of {org}; they get {benefit} in the same step.',
  'flow.input.newUserName': 'Name',
  'flow.input.newUserName.placeholder': 'For example Nina Patel',
  'flow.input.newUserName.error': "Type the person's name.",
  'flow.input.newUserEmail': 'Work email',
  'flow.input.newUserEmail.placeholder': 'nina@contoso.com',
  'flow.input.newUserEmail.error': "Type the person's email address.",
  'flow.help.newUser':
    'I am waiting for the new user\'s name and work email. Say "cancel" to stop; nothing has changed yet.',
  'confirm.assignNewUser': 'Add {name} ({email}) as a user and assign {benefit}?',
  'result.userAdded': '{name} was added to the user list.',
  'flow.nobodyToConfirm': 'Nobody is assigned {benefit}, so there is nothing to mark active.',
  'help.say.assign':
    '"assign VS to Ana", "remove Ana from VS Pro", "reassign VS Enterprise from Lee Gu to Ana"',
  'help.assign': 'Give, take back or move a benefit; you confirm before anything changes',
  'help.say.whoHas':
    '"who has VS?", "activate Azure", "activate Silver Core", "set the marketing contact"',
  'help.whoHas': 'Who holds what; activate Azure or a Go-To-Market offer',
  'audit.title': 'Recent changes at {org}',
  'audit.empty': 'Nothing has been changed through the bot yet.',
  'audit.benefit.assigned': 'assigned {benefit} to {subject}',
  'audit.benefit.unassigned': 'removed {subject} from {benefit}',
  'audit.benefit.reassigned': 'reassigned {benefit} to {subject}',
  'audit.assignment.activated': 'marked {benefit} for {subject} active',
  'audit.assignment.noted': 'changed the note on {benefit} for {subject}',
  'confirm.setNote': 'Set this note on {benefit} for {name}?',
  'confirm.clearNote': 'Clear the note on {benefit} for {name}?',
  'result.noteSet': 'The note on {benefit} for {name} is set.',
  'result.noteCleared': 'The note on {benefit} for {name} is cleared.',
  'fact.note': 'Note',
  'fact.noteNone': '(none)',
  'holders.withNote': '{value} · Note: {note}',
  'note.how':
    'Say whose assignment the note is for and what it says, for example: note on Ana\'s VS Pro: for the Contoso migration project (or "clear the note on Ana\'s VS Pro").',
  'audit.marketingContact.set': 'made {subject} the marketing contact',
  'audit.offer.activationRequested': 'requested activation of {benefit}',
  'audit.offer.activated': 'marked {benefit} active',
  'audit.user.added': 'added {subject} to the user list',
  'flow.ask.newUserOnly': 'Add someone to the user list of {org}.',
  'confirm.addUser': 'Add {name} ({email}) to the user list?',
  'result.userAddedReady': '{name} was added to the user list and can be assigned benefits now.',
  'help.say.admin': '"add user Nina Patel nina@contoso.com", "show audit log"',
  'help.admin': 'Add people to the user list; see what changed and who changed it',
  'audit.keys.revealed': 'revealed the keys of {benefit}',
  'audit.request.submitted': 'requested help from {benefit}',
  'audit.membership.cancellationRequested': 'asked to cancel the membership for a refund',
  'keys.title': 'Get keys: {benefit}',
  'keys.subtitle':
    '{count} keys. Choose the language the product is displayed in and the OS type of the computers you will install it on.',
  'keys.subtitleLicense':
    '{count} license key(s), with the instructions to activate the subscription.',
  'keys.input.language': 'Display language',
  'keys.input.language.error': 'Choose a language.',
  'keys.input.os': 'Operating system type',
  'keys.input.os.error': 'Choose an OS type.',
  'keys.refundWarning':
    'Your package can still be cancelled for a refund until {date}, because no software benefit has been activated. Getting these keys activates {benefit} and ends that right.',
  'keys.refund.label': 'Refund',
  'keys.refund.toggle': 'I understand that getting these keys ends our right to a refund',
  'keys.refund.error': 'Tick the box to confirm, or cancel.',
  'keys.reveal': 'Get keys',
  'keys.note':
    'Keys are shown only here, in your personal chat, and every time they are shown it is recorded in the audit log.',
  'keys.revealedTitle': 'Keys for {benefit}',
  'keys.chosen': '{language} · {os}',
  'keys.download': 'Download ({language}, {os})',
  'keys.activated': 'Getting the keys activated {benefit}.',
  'keys.revealedNote': 'Keep these keys safe; do not paste them into shared chats.',
  'keys.openPersonalChat': 'Open a personal chat',
  'help.say.keys': '"get keys for Windows 11", "Windows 11のキーを取得"',
  'help.keys': 'Product and license keys, in your personal chat only',
  'flow.ask.keys': "Which product's keys?",
  'cancel.verdict.eligible':
    'A refund is possible: the request is within 30 days of purchase and no software benefit has been activated.',
  'cancel.verdict.windowClosed':
    'A refund is no longer possible: the 30 days after purchase ended on {date}.',
  'cancel.verdict.softwareActivated':
    'A refund is no longer possible: software benefits were activated ({benefits}).',
  'cancel.verdict.open': 'A cancellation has already been requested: {reference}.',
  'cancel.fact.package': 'Membership',
  'cancel.fact.purchased': 'Purchased',
  'cancel.fact.refundEnds': 'Refund possible until',
  'cancel.fact.software': 'Software activated',
  'request.required': 'This is needed.',
  'help.say.requests': '"request advisory hours", "my requests", "cancel our membership"',
  'help.requests': 'Ask for technical help; see your requests; cancel for a refund',
  'export.description': 'The benefit assignments of {org} as a CSV file ({rows}), as of {date}.',
  'export.sent': 'The assignments of {org}: {rows}.',
  'export.declined': 'OK, no file was sent.',
  'export.failed':
    'I could not upload the file to your OneDrive, so nothing was sent. Please try again.',
  'help.say.export': '"export assignments"',
  'help.export': 'The assignments as a CSV file, in your personal chat',
  'count.rows.one': '{n} row',
  'count.rows.other': '{n} rows',
  'notify.heading': 'Partner Benefits',
  'notify.assigned': '{by} assigned {benefit} to {name}.',
  'notify.assignedPending':
    '{by} assigned {benefit} to {name}; activation is pending and can take several days.',
  'notify.assigned.you': 'You now have {benefit}, assigned by {by}.',
  'notify.startDetail': 'Say "my benefits" to see how to start using it.',
  'notify.pendingDetail':
    'Activation can take several days; the instructions will be emailed to you.',
  'notify.unassigned': '{by} removed {name} from {benefit}.',
  'notify.reassigned': '{by} reassigned {benefit} from {from} to {name}.',
  'notify.active': '{benefit} for {name} is now active (confirmed by {by}).',
  'notify.activeYou': 'Your {benefit} is now active.',
  'notify.offerRequested': '{by} requested the activation of {benefit}; it is pending.',
  'notify.offerActive': '{benefit} is active until {date}.',
  'notify.keysRevealed': '{by} got the keys for {benefit}.',
  'notify.seatsLeft': '{benefit}: only {free} left.',
  'notify.noSeatsLeft': '{benefit}: no seats left.',
  'notify.requestSubmitted': '{by} submitted request {reference}.',
  'notify.days.one': '{n} day left',
  'notify.days.other': '{n} days left',
  'notify.reminder.offerExpiring': 'Reminder: {benefit} expires on {date} ({days}).',
  'notify.reminder.membershipExpiring': 'Reminder: the membership expires on {date} ({days}).',
  'notify.reminder.refundWindowClosing':
    'Reminder: the package can be cancelled for a refund only until {date} ({days}).',
  'notify.reminder.activationPending':
    'Reminder: {benefit} has been pending activation since {date}.',
  'ask.title': '{name} asks for {benefit}',
  'ask.free': '{free} now.',
  'ask.waiting': 'Waiting for a Global admin to approve or decline.',
  'ask.approvedBy': 'Approved by {name}: {user} now has {benefit}.',
  'ask.declinedBy': 'Declined by {name}.',
  'ask.approve': 'Approve',
  'ask.decline': 'Decline',
  'ask.refresh': 'Show',
  'ask.sent':
    'I sent your request for {benefit} to your admins; I will tell you here when they decide.',
  'ask.sentAlready': 'You already asked for {benefit}; it is waiting for a Global admin.',
  'ask.which': 'Which benefit would you like to ask for?',
  'ask.confirm': 'Shall I ask a Global admin for {benefit} for you?',
  'ask.you.approved': 'Your request for {benefit} was approved by {by}.',
  'ask.you.declined': 'Your request for {benefit} was declined by {by}.',
  'audit.benefit.asked': 'asked for {benefit}',
  'audit.benefit.askDecided': 'decided on the request of {subject} for {benefit}',
  'error.ASK.NOT_FOUND': 'That request no longer exists.',
  'error.NOTIFICATION.NOT_FOUND':
    'I have no notification with that id, so nothing was retried. Say "show failed notifications" to see the ones that failed.',
  'error.NOTIFICATION.NOT_A_CHANNEL':
    'Notifications can go only to a team channel I have been added to. Add me to the team, then say "notify here" in the channel.',
  'error.NOTIFICATION.LANGUAGE_UNSUPPORTED':
    'Notifications can be written in English or Japanese, not "{language}".',
  'help.say.ask': '"I\'d like a Visual Studio subscription", "VSを申請したい"',
  'help.ask': 'Ask your admins for a benefit; you hear when they decide',
  'notifyCmd.here':
    'From now on, this channel hears about changes to the benefits of {org}, in English.',
  'notifyCmd.alreadyHere': 'This channel already hears about changes to the benefits of {org}.',
  'notifyCmd.channelOnly':
    'Say "notify here" in a team channel, mentioning me, to make it the channel that hears about changes.',
  'notifyCmd.stopped':
    "Notifications to the channel have stopped. Personal messages about people's own benefits go on.",
  'notifyCmd.notSet': 'No channel receives notifications yet.',
  'notifyCmd.failedTitle': 'Notifications that could not be delivered',
  'notifyCmd.noneFailed': 'Every notification was delivered.',
  'notifyCmd.retried.one': '{n} notification will be sent again.',
  'notifyCmd.retried.other': '{n} notifications will be sent again.',
  'notifyCmd.retryHint': 'Say "retry notifications" to send them again.',
  'help.say.notify':
    '"notify here" (in a team channel), "stop notifications", "show failed notifications"',
  'help.notify': 'Choose the channel that hears about changes',
  'result.unreachable':
    '{name} has not installed the bot in a personal chat, so I cannot tell them directly: the notification channel will mention them instead.',
  'result.untold':
    '{name} will not be told: they have not opened me in a personal chat, and there is no notification channel. To fix it, say "notify here" in a team channel (mentioning me), or ask {name} to open Partner Benefits in Teams.',
  'notifyCmd.undeliverable':
    'nobody to deliver it to: no personal chat with me and no notification channel',
  'notifyCmd.undeliverableHint':
    'Some had nobody to deliver them to. Say "notify here" in a team channel, or ask the people concerned to open Partner Benefits in Teams, then say "retry notifications".',
  'notifyCmd.stillUndeliverable.one':
    '{n} notification still has nobody to deliver it to, so it was not sent again. Say "notify here" in a team channel, or ask the person concerned to open Partner Benefits in Teams, then retry.',
  'notifyCmd.stillUndeliverable.other':
    '{n} notifications still have nobody to deliver them to, so they were not sent again. Say "notify here" in a team channel, or ask the people concerned to open Partner Benefits in Teams, then retry.',
  'audit.user.roleChanged': 'changed the roles of {subject}',
  'error.ROLE.NOT_A_PARTNER_ROLE':
    'Only the partner-program roles (MPN partner admin, Admin agent) are set here; Global admin and User admin come from your directory.',
  'confirm.grantRole': 'Make {name} {role}?',
  'confirm.revokeRole': 'Take the {role} role from {name}?',
  'result.roleGranted': '{name} is now {role}.',
  'result.roleRevoked': '{name} is no longer {role}.',
  'role.article.mpnPartnerAdmin': 'an MPN partner admin',
  'role.article.adminAgent': 'an Admin agent',
  'flow.ask.person.role': 'Who should be {role}?',
  'error.DIRECTORY.UNAVAILABLE':
    "I can't reach your organisation's directory (Microsoft Entra ID) right now, so I changed nothing. Please try again in a few minutes.",
  'error.USER.LEFT':
    "{name} is no longer in your organisation's directory (the account was deleted or is disabled), so I changed nothing.",
  'error.USER.MANAGED_IN_DIRECTORY':
    "Your organisation's people come from Microsoft Entra ID: add the person there, and I can find them by name or email straight away.",
  'error.RECLAIM.NOTHING_TO_RECLAIM':
    'None of those seats is held by someone who left any more, so there was nothing to take back.',
  'audit.benefit.reclaimed': 'took back {benefit} from {subject}, who left',
  'notify.peopleLeft.detail':
    'A Global admin can review and take them back: say "seats held by people who left" to me in a personal chat.',
  'limit.slowDown':
    'You are sending messages faster than I can answer them, so I skipped some. Wait a few seconds, then send your request again.',
  'left.none':
    'No seats are held by people who left. Everyone holding a benefit is still in your directory.',
  'left.title.one': '{n} seat is held by someone who left',
  'left.title.other': '{n} seats are held by people who left',
  'left.seats.one': '{n} {benefit} seat',
  'left.seats.other': '{n} {benefit} seats',
  'left.deleted': 'account deleted',
  'left.disabled': 'account disabled',
  'left.note':
    'Reclaim frees these seats so you can give them to someone else. The people who left are told nothing.',
  'left.more': 'There are {n} more; reclaim these first, then ask again.',
  'left.reclaimButton.one': 'Reclaim {n} seat',
  'left.reclaimButton.other': 'Reclaim {n} seats',
  'left.reclaimed.one': 'Took back {n} seat from people who left',
  'left.reclaimed.other': 'Took back {n} seats from people who left',
  'help.say.whoLeft': '"seats held by people who left"',
  'help.whoLeft': 'Find and take back seats of people whose accounts were deleted or disabled',
  'page.previous': 'Previous',
  'page.next': 'Next',
  'list.range': 'Benefits {first}–{last} of {total} (page {page} of {pages}).',
  'list.moreHolders': 'and {n} more',
  'list.allHolders': 'All {total} holders',
  'whoHas.range': 'Holders {first}–{last} of {total}.',
  'whoHas.more': 'Next ({n} more)',
  'keys.range': 'Keys {first}–{last} of {total}.',
  'flow.ask.more.matches':
    '{total} people match "{query}"; the first {shown} are listed. To find someone else, type more of the name, or the email address.',
  'flow.ask.more.holders':
    '{total} people hold {benefit}; the first {shown} are listed. To find someone else, type their name or email address.',
  'flow.ask.more.benefits':
    '{total} benefits could be meant; the first {shown} are listed. To find another, type more of its name.',
  'ask.more.one': '{n} more benefit can be asked for: say "I\'d like" and its name.',
  'ask.more.other': '{n} more benefits can be asked for: say "I\'d like" and the name of one.',
  'contact.more':
    'The list shows {shown} of the {total} people in {org}. For someone else, type their name below.',
  'contact.input.search': 'Someone else (name or email address)',
  'request.mine.older.one': 'Your newest requests are shown; {n} older request is not.',
  'request.mine.older.other': 'Your newest requests are shown; {n} older requests are not.',
  'notifyCmd.older.one':
    'The newest are shown; {n} older one is not. "retry notifications" sends every one of them again.',
  'notifyCmd.older.other':
    'The newest are shown; {n} older ones are not. "retry notifications" sends every one of them again.',
} as const;

export type MessageKey = keyof typeof en;
