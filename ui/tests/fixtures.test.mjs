// The recorded practice the fake backend serves (fixtures/practice.json):
// that it stays small, and that a step recorded as what changed in a read
// (src-tauri/src/fixtures/file.rs) is put over the read as it stood. No
// browser: the fake's own handlers, as the UI would call them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { createFakeBackend } from './fake-backend.mjs';

test('the recorded practice stays small: each step keeps only what changed in the reads it changed', () => {
  const size = statSync(new URL('./fixtures/practice.json', import.meta.url)).size;
  // 6.6 MB when every changed read was written whole and indented.
  assert.ok(size < 2_000_000, `practice.json is ${size} bytes: see what the new reads or scenarios add (src-tauri/src/fixtures.rs)`);
});

test('deleting a person: a list and a page it changed in part read as the core answered, the rest as it stood', async () => {
  const fake = createFakeBackend();
  const everyone = { filter: { search: '', status: null, roleId: null } };
  /** @type {{ person: { id: number } }[]} */
  const list = fake.read('staff_list', everyone);
  /** @type {Record<string, unknown> & { internalCustomers: { people: { id: number }[] } }} */
  const page = fake.read('staff_page', { id: 1 });
  assert.ok(list.some((r) => r.person.id === 13) && page.internalCustomers.people.some((p) => p.id === 13), 'Sam Carter is there before');

  await fake.handlers.staff_delete?.({ id: 13 });

  /** @type {typeof list} */
  const listed = fake.read('staff_list', everyone);
  assert.deepEqual(listed, list.filter((r) => r.person.id !== 13), 'the list without him, every other row as it was');
  /** @type {typeof page} */
  const after = fake.read('staff_page', { id: 1 });
  assert.deepEqual(after.internalCustomers.people, page.internalCustomers.people.filter((p) => p.id !== 13), 'whom she serves, without him');
  assert.deepEqual({ ...after, internalCustomers: null }, { ...page, internalCustomers: null }, 'the rest of her page as it stood');
  assert.throws(() => fake.read('staff_page', { id: 13 }), (/** @type {any} */ e) => e.code === 'not_found', 'his own page is gone');
});
