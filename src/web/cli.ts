import type { CliIo } from '../cli.js';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../logger.js';
import { exportSite } from './export.js';
import { siteOf } from './index.js';

const USAGE = `Usage: npm run cli -- site build DIR     write the public pages as static files into DIR
       npm run cli -- site revoke N      revoke the tracking links of ticket N (its next link is a new one)
`;

/** `site build DIR` and `site revoke N`. */
export async function runSiteCommand(args: string[], io: CliIo, config: Config): Promise<number> {
  const [sub, arg] = args;
  if (sub === 'build' && arg) {
    const app = createApp({ config, clock: systemClock, log: silentLogger, syncStaff: false });
    try {
      const files = await exportSite(siteOf(app, systemClock, silentLogger), arg, silentLogger);
      io.stdout.write(`${files.length} files written to ${arg}\n`);
    } finally {
      app.close();
    }
    return 0;
  }
  if (sub === 'revoke' && arg && /^#?\d{1,9}$/.test(arg)) {
    const id = Number(arg.replace('#', ''));
    const app = createApp({ config, clock: systemClock, log: silentLogger, syncStaff: false });
    try {
      if (!app.store.tickets.byId(id)) {
        io.stderr.write(`No ticket #${id}\n`);
        return 1;
      }
      const n = app.store.ticketTokens.revoke(id, systemClock.now());
      io.stdout.write(`Ticket #${id}: ${n} tracking link(s) revoked\n`);
    } finally {
      app.close();
    }
    return 0;
  }
  io.stderr.write(USAGE);
  return 2;
}
