// JSON logs (pino). Secrets are redacted by key wherever they appear in a logged object.
import pino from 'pino';
import type { Logger } from './core/ports.js';

const SECRET_KEYS = ['token', 'botToken', 'appToken', 'signingSecret', 'password', 'secret', 'authorization', 'Authorization', 'cookie', 'client_secret'];

export function createLogger(level: string, destination: 1 | 2 = 1): Logger & { level: string } {
  return pino(
    {
      level,
      base: { app: 'baton' },
      redact: { paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), ...SECRET_KEYS.map((k) => `*.*.${k}`)], censor: '[redacted]' },
    },
    pino.destination({ fd: destination, sync: false }),
  );
}
