import { benchBroadcast } from './broadcast.js';
import { benchDesk } from './desk.js';
import { benchFaults } from './faults.js';
import { benchGrowth } from './growth.js';
import { benchIkm } from './ikm.js';
import { benchMatcher } from './matcher.js';
import { benchStartup } from './startup.js';
import { benchTelegram, benchTelegramStaffLimited } from './telegram.js';
import { benchWeb } from './web.js';

/**
 * `npm run bench`: every benchmark in turn, printed as JSON lines (one per benchmark) so runs can
 * be compared with a diff. Figures, not assertions: the machines are shared and noisy.
 */
const benchmarks: Record<string, () => Promise<Record<string, unknown>>> = {
  matcher: () => benchMatcher(),
  desk: () => benchDesk(),
  telegram: () => benchTelegram(),
  'telegram-staff-limited': () => benchTelegramStaffLimited(),
  // An announcement to 300 (or `--subscribers=N`) against an emulator enforcing Telegram's limits.
  broadcast: () => benchBroadcast(numberArg('subscribers') ?? 300),
  // A synthesised 100k-ticket / 1M-event database; `-- growth --tickets=N` for another size.
  growth: () => benchGrowth(numberArg('tickets') === undefined ? {} : { tickets: numberArg('tickets')! }),
  // Other people's latency while an admin's /ikm renders its two PNGs (`--respondents=N`, 300).
  ikm: () => benchIkm({ respondents: numberArg('respondents') ?? 300 }),
  // Start to the console's first prompt and idle RSS, npm start (tsx) vs compiled.
  startup: () => benchStartup(),
  // 200 (`--sessions=N`) web chat sessions over HTTP against the microsite with the web channel: `--messages=N` each
  // back to back (5), then `--paced=N` each (2) with a person's pause of about `--think=ms` (8000).
  web: () =>
    benchWeb({
      sessions: numberArg('sessions') ?? 200,
      messages: numberArg('messages') ?? 5,
      pacedMessages: numberArg('paced') ?? 2,
      thinkMs: numberArg('think') ?? 8_000,
    }),
  // Not in the default run (it restarts processes for minutes): `npm run bench -- faults`.
  faults: () => benchFaults(),
};

/** `--name=N` among the arguments. */
function numberArg(name: string): number | undefined {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.slice(name.length + 3)) : undefined;
}

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
for (const [name, run] of Object.entries(benchmarks)) {
  if (only.length > 0 ? !only.includes(name) : name === 'faults') continue;
  const result = await run();
  console.log(JSON.stringify({ bench: name, node: process.version, ...result }));
}
