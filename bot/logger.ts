import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured logs; secrets and personal data are redacted wherever they might appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: [
        '*.password',
        '*.MicrosoftAppPassword',
        'req.headers.authorization',
        '*.authorization',
        '*.email',
        '*.text',
        'activity.text',
        'activity.value',
      ],
      censor: '[redacted]',
    },
  });
}
