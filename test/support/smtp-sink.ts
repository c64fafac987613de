import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export const SINK_USER = 'desk';
export const SINK_PASSWORD = 'rahasia-smtp-123';

export interface SmtpSink {
  port: number;
  /** smtp://user:password@127.0.0.1:port, as SMTP_URL would be set. */
  url: string;
  /** What arrived, parsed, in order. */
  mails: ParsedMail[];
  /** Recipients the server refuses, with its reply code to RCPT TO (550: for good; 452: not now). */
  refuse: Map<string, number>;
  /** Waits until `count` mails have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server), with a login, no TLS: what the desk sends
 * arrives here and is read back with mailparser. `port` 0: a free one.
 */
export async function smtpSink(port = 0): Promise<SmtpSink> {
  const mails: ParsedMail[] = [];
  const refuse = new Map<string, number>();
  const options: SMTPServerOptions = {
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SINK_USER && auth.password === SINK_PASSWORD) return callback(null, { user: SINK_USER });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      const code = refuse.get(address.address);
      if (code !== undefined) {
        const err = new Error(`<${address.address}>: Recipient address rejected`) as Error & { responseCode: number };
        err.responseCode = code;
        return callback(err);
      }
      return callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    url: `smtp://${SINK_USER}:${SINK_PASSWORD}@127.0.0.1:${bound}`,
    mails,
    refuse,
    async waitFor(count, timeoutMs = 5_000) {
      const end = Date.now() + timeoutMs;
      while (mails.length < count) {
        if (Date.now() > end) throw new Error(`${mails.length} mails arrived, not ${count}, within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
