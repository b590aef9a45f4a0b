// End to end, the window's memory as people use it: every screen of the demo
// practice visited ten times; the app and its WebKit processes may hold at
// most 10% more memory (PSS) after the tenth round than after the first. The
// same rounds as `make bench` (benches/window-memory.mjs), which runs twenty
// and lets the window settle 3 s before each measurement; 1 s gives the same
// figures here and keeps the suite 20 s shorter.
//
// PSS counts the pages of WebKit's libraries divided among every process on
// the machine that maps them, so another WebKit program starting or stopping
// during the test moves it by tens of megabytes: the suite runs one app at a
// time, and nothing else should start one meanwhile. The memory of the
// processes' own (anonymous and shared, which no other program changes) is
// printed beside it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { growthPercent, windowMemoryRounds } from './webdriver.mjs';

test('ten rounds of every screen leave the window within 10% of its memory after the first', async () => {
  const started = performance.now();
  const rounds = await windowMemoryRounds(10, { settleMs: 1_000 });
  const pss = rounds.map((m) => m.pss);
  const own = rounds.map((m) => m.own);
  const growth = growthPercent(pss, 10);
  const ownGrowth = growthPercent(own, 10).toFixed(1);
  // node --test shows these as `# ...` lines.
  console.log(`window-memory-pss-kib: ${pss.join(' ')}`);
  console.log(`window-memory-own-kib: ${own.join(' ')}`);
  console.log(`window-memory-growth: ${growth.toFixed(1)}% (own ${ownGrowth}%) in ${Math.round((performance.now() - started) / 1000)} s`);
  assert.ok(
    growth <= 10,
    `the window's memory grew ${growth.toFixed(1)}% from round 1 to round 10 (${pss[0]} → ${pss[9]} KiB; its own memory ${ownGrowth}%)`,
  );
});
