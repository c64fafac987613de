import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * From start to the console's first prompt, and the idle memory of the whole process tree, for
 * `npm start` (tsx compiling on the fly) and the compiled `node dist/main.js` (built first with
 * `npm run build` when dist/ is missing). The console needs a terminal: `script` gives it one.
 * RSS is summed over the started process and all its descendants (npm → tsx → node), read from
 * /proc two seconds after the prompt. Linux only.
 */

const PROMPT = 'Anda> ';

/** Every descendant of `root`, itself included. */
function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

function rssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function measure(command: string): Promise<{ toPromptMs: number; idleRssMiB: number; processes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-startup-'));
  const started = performance.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: {
      ...process.env,
      DATABASE_PATH: join(dir, 'startup.db'),
      LOG_LEVEL: 'warn',
      TELEGRAM_BOT_TOKEN: '',
      WHATSAPP_ENABLED: 'false',
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const toPromptMs = await new Promise<number>((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        if (seen.includes(PROMPT)) resolve(performance.now() - started);
      });
      child.once('exit', () => reject(new Error(`exited before the prompt: ${seen.slice(-300)}`)));
      setTimeout(() => reject(new Error('no prompt in 60 s')), 60_000);
    });
    await new Promise((r) => setTimeout(r, 2_000));
    const pids = tree(child.pid!).slice(1); // without `script` itself
    const idleRssMiB = Math.round(pids.reduce((sum, pid) => sum + rssKiB(pid), 0) / 1024);
    return { toPromptMs: Math.round(toPromptMs), idleRssMiB, processes: pids.length };
  } finally {
    child.stdin.end('/keluar\n');
    await new Promise((r) => setTimeout(r, 1_000));
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchStartup(rounds = 3): Promise<Record<string, unknown>> {
  if (!existsSync('dist/main.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  const variants = { 'npm start (tsx)': 'npm start --silent', 'node dist/main.js': 'node dist/main.js' };
  const results: Record<string, unknown> = {};
  const runs: Record<string, Array<{ toPromptMs: number; idleRssMiB: number; processes: number }>> = {};
  // Alternately, so both see the same background load.
  for (let i = 0; i < rounds; i++)
    for (const [name, cmd] of Object.entries(variants)) (runs[name] ??= []).push(await measure(cmd));
  for (const [name, list] of Object.entries(runs)) {
    const median = (k: 'toPromptMs' | 'idleRssMiB') => list.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(list.length / 2)];
    results[name] = {
      toPromptMs: median('toPromptMs'),
      idleRssMiB: median('idleRssMiB'),
      processes: list[0]!.processes,
      runs: list,
    };
  }
  return results;
}
