/**
 * `npm run bench`: every benchmark, one after the other. Each prints its own
 * figures; none asserts a speed (tests never time things).
 */
import { benchCoachTurn } from './coach-turn';
import { benchNudgePass } from './nudge-pass';

const BENCHMARKS: [string, () => Promise<void>][] = [
  ['coach-turn', benchCoachTurn],
  ['nudge-pass', benchNudgePass],
];

async function main(): Promise<void> {
  for (const [name, bench] of BENCHMARKS) {
    process.stdout.write(`\n== ${name} ==\n`);
    await bench();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
