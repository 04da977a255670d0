/**
 * What the benchmarks read about processes, from /proc (Linux): CPU time,
 * resident memory, and the process tree. Times are in milliseconds.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (USER_HZ), for the times in /proc/<pid>/stat. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface Stat {
  pid: number;
  ppid: number;
  /** utime + stime, ms. */
  own: number;
  /** cutime + cstime: children that exited and were waited for, ms. */
  reaped: number;
}

/** /proc/<pid>/stat, or undefined when the process is gone. */
function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid …": comm may hold spaces or parentheses, so read after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After comm: [0] state, [1] ppid, …, [11] utime, [12] stime, [13] cutime, [14] cstime.
  const ms = (i: number) => (Number(fields[i]) * 1000) / clockTicks();
  return { pid, ppid: Number(fields[1]), own: ms(11) + ms(12), reaped: ms(13) + ms(14) };
}

/** A process's own CPU time (user + system) so far, ms; NaN when it is gone. */
export function cpuMs(pid: number): number {
  return stat(pid)?.own ?? NaN;
}

/** VmRSS of a process, in MB (2^20 bytes); NaN when it is gone. */
export function rssMb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function allStats(): Stat[] {
  const stats: Stat[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s) stats.push(s);
  }
  return stats;
}

/**
 * CPU time of a whole server family (a Postgres postmaster and its backends),
 * ms: the parent's own time, the time of children it has reaped (backends
 * that exited), and the own time of the children still running. A
 * difference of two readings is the family's CPU in between.
 */
export function familyCpuMs(rootPid: number): number {
  const stats = allStats();
  const root = stats.find((s) => s.pid === rootPid);
  if (!root) return NaN;
  const children = new Map<number, Stat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  let total = root.own + root.reaped;
  const walk = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      total += child.own + child.reaped;
      walk(child.pid);
    }
  };
  walk(rootPid);
  return total;
}

/** The deepest process under `root` (or `root` itself) whose command line contains `marker`. */
export function deepestProcess(root: number, marker: string): number | undefined {
  const stats = allStats();
  const parents = new Map(stats.map((s) => [s.pid, s.ppid]));
  const depth = (pid: number): number => {
    let d = 0;
    for (let at = pid; at !== root; d++) {
      const parent = parents.get(at);
      if (parent === undefined || parent <= 1) return -1;
      at = parent;
    }
    return d;
  };
  let best: { pid: number; depth: number } | undefined;
  for (const { pid } of stats) {
    let command: string;
    try {
      command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (!command.includes(marker)) continue;
    const d = depth(pid);
    if (d >= 0 && (!best || d > best.depth)) best = { pid, depth: d };
  }
  return best?.pid;
}
