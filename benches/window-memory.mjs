// The window's memory as people use it (`make bench`): in the demo practice,
// visit every screen twenty times and print the memory of the app and its
// WebKit processes after each round: their PSS (which shares pages fairly),
// and their own memory (anonymous and shared, without the pages of files,
// which PSS shares with every other program mapping the same libraries),
// with the growth from the first round to the tenth and the twentieth. The
// release app under Xvfb, driven through tauri-driver like the end-to-end
// suite, whose memory test (tests/e2e/memory.test.mjs) runs the same rounds.

import { SCREENS, growthPercent, windowMemoryRounds } from '../tests/e2e/webdriver.mjs';

const rounds = await windowMemoryRounds(20, {
  onRound: (round, { processes }) =>
    console.log(
      `round ${round}: ${processes.map((p) => `${p.comm} ${p.pss} KiB (anonymous ${p.anon}, shared ${p.shmem})`).join(', ')}`,
    ),
});
/** @type {[string, number[]][]} */
const measures = [
  ['PSS', rounds.map((m) => m.pss)],
  ['own memory', rounds.map((m) => m.own)],
];
for (const [what, kib] of measures) {
  const growth = (/** @type {number} */ n) => `${growthPercent(kib, n).toFixed(1)}%`;
  console.log(`window ${what}, KiB after each round of ${SCREENS.length} screens: ${kib.join(' ')}`);
  console.log(`growth from round 1: ${growth(10)} after round 10, ${growth(20)} after round 20`);
}
