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

/**
 * An error's own words, fit for a log line: botbuilder's serialisation errors quote the value they
 * choked on (a phone number, an address), and a library's message may quote an email or a key.
 */
export function scrubbed(text: string | undefined): string | undefined {
  return (
    text
      ?.replace(/with value "[^"]*"/g, 'with value [redacted]')
      // Bounded parts keep this linear on the long texts a fuzzer (or an attacker) sends.
      .replace(/[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}/g, '[redacted email]')
      .replace(/\b[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}\b/g, '[redacted key]')
  );
}
