/** The logging port: pino's interface (object first, message last). src/logger.ts makes them. */
export type { Logger } from 'pino';
