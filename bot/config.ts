import { z } from 'zod';

/** Settings read once at start, from the environment (and an optional .env). */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataFile: string;
  /** DATABASE_URL: the PostgreSQL database the bot keeps its data in; undefined: the lowdb files at dataFile. Holds the password: never log it (describeDatabaseUrl). */
  readonly databaseUrl?: string;
  /** Where the bot's clock starts (it runs from there), for demos and tests on fixed dates. */
  readonly now: Date | null;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly microsoftAppId: string;
  readonly microsoftAppPassword: string;
  readonly microsoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  readonly microsoftAppTenantId: string;
  /** 32 bytes (hex or base64) that encrypt keys at rest; in local mode a key file beside the data file stands in. */
  readonly keysSecret: string | undefined;
  /** No MicrosoftAppId: no inbound authentication (Agents Playground, Emulator), loopback only by default. */
  readonly localMode: boolean;
  /** ALLOWED_TENANTS, lower-cased: the only tenants the bot serves. Undefined: every tenant. */
  readonly allowedTenants?: readonly string[];
  /** The Bot Framework endpoints for a sovereign or private cloud (or tests); undefined: the public cloud's. */
  readonly botFrameworkEndpoints?: BotFrameworkEndpoints;
  /** How fast one person may send messages or press buttons (per bot instance); null: no limit. */
  readonly personRate: { readonly perSecond: number; readonly burst: number } | null;
  /** With DATABASE_URL (several instances): how long an instance holds a notification it is delivering. */
  readonly outboxLeaseMs: number;
  /** Microsoft Graph, for organisations whose directory is Microsoft Entra ID; undefined: no app to sign in with. */
  readonly graph?: GraphSettings;
}

/** The app registration the bot reads Entra ID with (app-only: User.Read.All and RoleManagement.Read.Directory). */
export interface GraphSettings {
  readonly clientId: string;
  readonly credential:
    { readonly secret: string } | { readonly certificateFile: string; readonly thumbprint: string };
  /** Default https://login.microsoftonline.com. */
  readonly authorityHost?: string;
  /** Default https://graph.microsoft.com/v1.0. */
  readonly baseUrl?: string;
}

/** Passed to botbuilder only all together: once one is given it defaults none of the others. */
export interface BotFrameworkEndpoints {
  /** Where the channel's OpenID metadata (its signing keys) is read: ToBotFromChannelOpenIdMetadataUrl. */
  readonly openIdMetadataUrl: string;
  /** The `iss` of the channel's tokens: ToBotFromChannelTokenIssuer. */
  readonly tokenIssuer: string;
  /** The authority the bot gets its own tokens from: ToChannelFromBotLoginUrl. */
  readonly loginUrl: string;
  /** The scope of the bot's own tokens (without /.default): ToChannelFromBotOAuthScope. */
  readonly oauthScope: string;
}

const ENDPOINT_SETTINGS = [
  'BOT_OPENID_METADATA_URL',
  'BOT_TOKEN_ISSUER',
  'BOT_LOGIN_URL',
  'BOT_OAUTH_SCOPE',
] as const;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const optional = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

const httpUrl = (name: string, schemes: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `${name} must be an ${schemes.map((s) => s.replace(':', '')).join(' or ')} URL`,
  );

const databaseUrlSchema = z.string().refine((value) => {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'DATABASE_URL must be a postgres:// or postgresql:// URL, such as postgresql://bot:<password>@myserver.postgres.database.azure.com:5432/benefits?sslmode=verify-full');

/** A DATABASE_URL given some other way (npm run org -- migrate --database-url), checked as the setting is; the value is never in the error. */
export function checkDatabaseUrl(value: string): string {
  const parsed = databaseUrlSchema.safeParse(value.trim());
  if (!parsed.success)
    throw new ConfigError(`${parsed.error.issues[0]?.message ?? 'DATABASE_URL is not valid'}.`);
  return parsed.data;
}

const TENANT_ID = /^[0-9a-f]+(?:-[0-9a-f]+)*$/i;

const schema = z.object({
  PORT: z.coerce
    .number({ error: 'PORT must be a port number from 1 to 65535' })
    .int('PORT must be a whole number')
    .min(1, 'PORT must be from 1 to 65535')
    .max(65535, 'PORT must be from 1 to 65535')
    .default(3978),
  HOST: z.string().min(1).optional(),
  DATA_FILE: z
    .string()
    .min(1)
    .default('./data/benefits.json')
    .refine((f) => f.endsWith('.json'), 'DATA_FILE must name a .json file'),
  DATABASE_URL: databaseUrlSchema.optional(),
  BENEFITS_NOW: z.iso
    .datetime({
      offset: true,
      error: 'BENEFITS_NOW must be an ISO 8601 time such as 2026-11-24T09:00:00Z',
    })
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  MicrosoftAppId: z.string().default(''),
  MicrosoftAppPassword: z.string().default(''),
  MicrosoftAppType: z
    .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
      error: 'MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI',
    })
    .default('MultiTenant'),
  MicrosoftAppTenantId: z.string().default(''),
  KEYS_SECRET: z
    .string()
    .regex(
      /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)$/,
      'KEYS_SECRET must be 32 bytes, written as 64 hex characters or as base64',
    )
    .optional(),
  ALLOWED_TENANTS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((id) => id.trim().toLowerCase())
        .filter((id) => id !== ''),
    )
    .refine(
      (ids) => ids.every((id) => TENANT_ID.test(id)),
      'ALLOWED_TENANTS must be tenant ids (GUIDs) separated by commas',
    )
    .optional(),
  BOT_OPENID_METADATA_URL: httpUrl('BOT_OPENID_METADATA_URL', ['https:', 'http:']).optional(),
  BOT_TOKEN_ISSUER: z.string().optional(),
  BOT_LOGIN_URL: httpUrl('BOT_LOGIN_URL', ['https:']).optional(),
  BOT_OAUTH_SCOPE: z.string().optional(),
  PERSON_MESSAGES_PER_SECOND: z.coerce
    .number({ error: 'PERSON_MESSAGES_PER_SECOND must be a number (0 turns the limit off)' })
    .min(0, 'PERSON_MESSAGES_PER_SECOND must be 0 or more')
    .max(10_000, 'PERSON_MESSAGES_PER_SECOND must be at most 10000')
    .default(5),
  OUTBOX_LEASE_SECONDS: z.coerce
    .number({ error: 'OUTBOX_LEASE_SECONDS must be a number of seconds' })
    .min(1, 'OUTBOX_LEASE_SECONDS must be at least 1')
    .max(3600, 'OUTBOX_LEASE_SECONDS must be at most 3600')
    .default(30),
  PERSON_MESSAGES_BURST: z.coerce
    .number({ error: 'PERSON_MESSAGES_BURST must be a whole number' })
    .int('PERSON_MESSAGES_BURST must be a whole number')
    .min(1, 'PERSON_MESSAGES_BURST must be at least 1')
    .max(100_000, 'PERSON_MESSAGES_BURST must be at most 100000')
    .default(20),
  GRAPH_CLIENT_ID: z.string().optional(),
  GRAPH_CLIENT_SECRET: z.string().optional(),
  GRAPH_CERTIFICATE_FILE: z.string().optional(),
  GRAPH_CERTIFICATE_THUMBPRINT: z
    .string()
    .transform((value) => value.replace(/[:\s]/g, ''))
    .refine(
      (value) => /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(value),
      "GRAPH_CERTIFICATE_THUMBPRINT must be the certificate's SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint",
    )
    .optional(),
  GRAPH_AUTHORITY_HOST: httpUrl('GRAPH_AUTHORITY_HOST', ['https:']).optional(),
  GRAPH_BASE_URL: httpUrl('GRAPH_BASE_URL', ['https:']).optional(),
});

const KEYS = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** Reads and checks the settings; a bad value throws a ConfigError with one sentence naming it. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const raw = Object.fromEntries(KEYS.map((key) => [key, optional(env[key])]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'a setting');
    const message = issue?.message ?? 'is not valid';
    throw new ConfigError(
      message.includes(name) ? `${message}.` : `${name} is not valid: ${message}.`,
    );
  }
  const c = parsed.data;
  const localMode = c.MicrosoftAppId === '';
  if (!localMode && c.MicrosoftAppType !== 'UserAssignedMSI' && c.MicrosoftAppPassword === '') {
    throw new ConfigError(
      'MicrosoftAppPassword is required when MicrosoftAppId is set (or set MicrosoftAppType=UserAssignedMSI).',
    );
  }
  if (!localMode && !c.KEYS_SECRET) {
    throw new ConfigError(
      'KEYS_SECRET is required when MicrosoftAppId is set: 32 bytes as 64 hex characters or base64 (see .env.example).',
    );
  }
  if (c.DATABASE_URL && !c.KEYS_SECRET) {
    // A key file beside DATA_FILE belongs to one machine; keys in a shared database need one secret that every instance has.
    throw new ConfigError(
      'KEYS_SECRET is required when DATABASE_URL is set: every instance must seal and open keys with the same 32 bytes (64 hex characters or base64; see .env.example).',
    );
  }
  if (c.MicrosoftAppType === 'SingleTenant' && c.MicrosoftAppTenantId === '') {
    throw new ConfigError(
      'MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant.',
    );
  }
  if ((c.GRAPH_CERTIFICATE_FILE === undefined) !== (c.GRAPH_CERTIFICATE_THUMBPRINT === undefined)) {
    throw new ConfigError(
      'GRAPH_CERTIFICATE_FILE and GRAPH_CERTIFICATE_THUMBPRINT must be set together.',
    );
  }
  const missingEndpoints = ENDPOINT_SETTINGS.filter((key) => c[key] === undefined);
  if (missingEndpoints.length > 0 && missingEndpoints.length < ENDPOINT_SETTINGS.length) {
    throw new ConfigError(
      `BOT_OPENID_METADATA_URL, BOT_TOKEN_ISSUER, BOT_LOGIN_URL and BOT_OAUTH_SCOPE must be set together (botbuilder defaults none of them once one is set): ${missingEndpoints.join(', ')} ${missingEndpoints.length === 1 ? 'is' : 'are'} missing.`,
    );
  }
  const graphClientId = c.GRAPH_CLIENT_ID ?? c.MicrosoftAppId;
  const graphCredential =
    c.GRAPH_CERTIFICATE_FILE && c.GRAPH_CERTIFICATE_THUMBPRINT
      ? { certificateFile: c.GRAPH_CERTIFICATE_FILE, thumbprint: c.GRAPH_CERTIFICATE_THUMBPRINT }
      : (c.GRAPH_CLIENT_SECRET ?? c.MicrosoftAppPassword)
        ? { secret: c.GRAPH_CLIENT_SECRET ?? c.MicrosoftAppPassword }
        : undefined;
  if (c.GRAPH_CLIENT_ID && !graphCredential)
    throw new ConfigError(
      'GRAPH_CLIENT_ID needs GRAPH_CLIENT_SECRET, or GRAPH_CERTIFICATE_FILE with GRAPH_CERTIFICATE_THUMBPRINT.',
    );
  const graph: GraphSettings | undefined =
    graphClientId && graphCredential
      ? Object.freeze({
          clientId: graphClientId,
          credential: Object.freeze(graphCredential),
          ...(c.GRAPH_AUTHORITY_HOST ? { authorityHost: c.GRAPH_AUTHORITY_HOST } : {}),
          ...(c.GRAPH_BASE_URL ? { baseUrl: c.GRAPH_BASE_URL } : {}),
        })
      : undefined;
  return Object.freeze({
    port: c.PORT,
    host: c.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'),
    dataFile: c.DATA_FILE,
    ...(c.DATABASE_URL ? { databaseUrl: c.DATABASE_URL } : {}),
    now: c.BENEFITS_NOW ? new Date(c.BENEFITS_NOW) : null,
    logLevel: c.LOG_LEVEL,
    microsoftAppId: c.MicrosoftAppId,
    microsoftAppPassword: c.MicrosoftAppPassword,
    microsoftAppType: c.MicrosoftAppType,
    microsoftAppTenantId: c.MicrosoftAppTenantId,
    keysSecret: c.KEYS_SECRET,
    localMode,
    outboxLeaseMs: c.OUTBOX_LEASE_SECONDS * 1000,
    personRate:
      c.PERSON_MESSAGES_PER_SECOND > 0
        ? Object.freeze({ perSecond: c.PERSON_MESSAGES_PER_SECOND, burst: c.PERSON_MESSAGES_BURST })
        : null,
    // Left out (not empty) when unset, so that every tenant is served and botbuilder keeps its public-cloud defaults.
    ...(c.ALLOWED_TENANTS && c.ALLOWED_TENANTS.length > 0
      ? { allowedTenants: Object.freeze([...new Set(c.ALLOWED_TENANTS)]) }
      : {}),
    ...(c.BOT_OPENID_METADATA_URL && c.BOT_TOKEN_ISSUER && c.BOT_LOGIN_URL && c.BOT_OAUTH_SCOPE
      ? {
          botFrameworkEndpoints: Object.freeze({
            openIdMetadataUrl: c.BOT_OPENID_METADATA_URL,
            tokenIssuer: c.BOT_TOKEN_ISSUER,
            loginUrl: c.BOT_LOGIN_URL,
            oauthScope: c.BOT_OAUTH_SCOPE,
          }),
        }
      : {}),
    ...(graph ? { graph } : {}),
  });
}
