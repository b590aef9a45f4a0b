// An in-memory stand-in for the Rust shell, for UI tests and screenshots: every
// command the UI calls, with the same shapes as the generated bindings and the
// core's rules where a flow depends on them (due states, pending approval,
// acknowledgment counts, versioning, refusing to delete a course with history).
// It runs in the test process; the harness forwards `invoke` here.

import { readFileSync } from 'node:fs';

/** @typedef {import('./harness.mjs').Handler} Handler */

/**
 * The core's policy, written by `make types` (the shell's export_fixtures
 * test): the permissions each role's session carries.
 * @type {Record<string, string[]>}
 */
export const POLICY = JSON.parse(readFileSync(new URL('./fixtures/policy.json', import.meta.url), 'utf8'));
/** @typedef {{ code: string, field?: string, message: string }} Payload */

/** @param {Date} d */
function iso(d) {
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}

/** Today on this machine, as the UI computes it. */
export function todayIso() {
  return iso(new Date());
}

/** @param {string} s */
function parseDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return iso(d) === s ? d : null;
}

/** @param {string} s @param {number} days */
function addDays(s, days) {
  const d = /** @type {Date} */ (parseDate(s));
  d.setDate(d.getDate() + days);
  return iso(d);
}

/** Same day-of-month N months on, or the month's last day (as the core does). @param {string} s @param {number} months */
function addMonths(s, months) {
  const d = /** @type {Date} */ (parseDate(s));
  const target = new Date(d.getFullYear(), d.getMonth() + months, 1);
  const last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  target.setDate(Math.min(d.getDate(), last));
  return iso(target);
}

/** @param {string} a @param {string} b */
function daysBetween(a, b) {
  const da = /** @type {Date} */ (parseDate(a));
  const db = /** @type {Date} */ (parseDate(b));
  return Math.round((Date.UTC(db.getFullYear(), db.getMonth(), db.getDate()) - Date.UTC(da.getFullYear(), da.getMonth(), da.getDate())) / 86400000);
}

/** @param {string} s */
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** @param {string} field @param {string} message @returns {never} */
function invalid(field, message) {
  throw /** @type {Payload} */ ({ code: 'invalid', field, message });
}

/** @param {string} what @param {number} id @returns {never} */
function notFound(what, id) {
  throw /** @type {Payload} */ ({ code: 'not_found', message: `${what} ${id} does not exist` });
}

const UNIT_WORDS = {
  rings: ['ring', 'rings'],
  minutes: ['minute', 'minutes'],
  hours: ['hour', 'hours'],
  business_hours: ['business hour', 'business hours'],
  business_days: ['business day', 'business days'],
};

/** @param {number | null} value @param {string} unit @param {string} text */
function targetLabel(value, unit, text) {
  if (unit === 'text') return text;
  const words = UNIT_WORDS[/** @type {keyof typeof UNIT_WORDS} */ (unit)];
  const base = `${value} ${value === 1 ? words[0] : words[1]}`;
  return text ? `${base} (${text})` : base;
}

function emptyState() {
  return {
    practice: {
      name: '',
      address: '',
      paperSize: 'a4',
      ratingLabels: ['Unsatisfactory', 'Needs improvement', 'Meets standards', 'Exceeds standards', 'Outstanding'],
      dueSoonDays: 30,
      serviceWeightMinimum: 25,
      lockAfterMinutes: 5,
      backupsKept: 14,
      setUp: false,
      dateFormat: 'iso',
      clock: '24h',
      timeZone: 'UTC',
      currency: 'USD',
    },
    /** @type {{ account: number | null, role: string, name: string, staff: number | null, permissions: string[] } | null} who is signed in */
    session: /** @type {any} */ (null),
    /** @type {{ id: number, role: string, name: string, staffId: number | null, secret: string, disabled: boolean }[]} */
    accounts: [],
    /** @type {{ path: string, takenAt: string, reason: { kind: string }, size: number }[]} */
    backups: [],
    /** @type {{ folder: string | undefined, lastCopyAt: string | undefined }} the folder for copies off the computer */
    offsite: { folder: undefined, lastCopyAt: undefined },
    /** @type {{ id: number, name: string, description: string, requiredCourseIds: number[] }[]} */
    roles: [],
    /**
     * The change list, newest first, as the core records it.
     * @type {{ id: number, at: string, actor: string, actorRole: string, entity: string, entityId: number, person?: number, action: string, summary: string, changes: { field: string, before: string, after: string }[] }[]}
     */
    audit: [
      { id: 6, at: '2026-11-20T15:02:11Z', actor: 'Dr. Owner', actorRole: 'owner', entity: 'practice', entityId: 1, action: 'updated', summary: 'Practice settings updated', changes: [{ field: 'dueSoonDays', before: '30', after: '45' }] },
      { id: 5, at: '2026-11-19T10:00:00Z', actor: 'Dr. Owner', actorRole: 'owner', entity: 'account', entityId: 2, action: 'created', summary: 'Account created: Pat Manager', changes: [] },
      { id: 4, at: '2026-11-18T09:30:00Z', actor: 'Pat Manager', actorRole: 'manager', entity: 'course', entityId: 3, action: 'updated', summary: 'Course updated: Patient privacy (HIPAA)', changes: [{ field: 'validityMonths', before: '12', after: '24' }] },
      { id: 3, at: '2026-11-17T08:00:00Z', actor: 'Pat Manager', actorRole: 'manager', entity: 'staff', entityId: 9, person: 9, action: 'updated', summary: 'Staff record updated: Sam Carter', changes: [{ field: 'phone', before: '', after: '555-0100' }] },
      { id: 2, at: '2026-11-16T08:00:00Z', actor: 'Dr. Owner', actorRole: 'owner', entity: 'job_role', entityId: 1, action: 'updated', summary: 'Job role updated: Receptionist', changes: [] },
      { id: 1, at: '2026-11-15T08:00:00Z', actor: 'Dr. Owner', actorRole: 'owner', entity: 'template', entityId: 1, action: 'created', summary: 'Template created: Annual review', changes: [] },
    ],
    /** @type {{ id: number, title: string, category: string, provider: string, defaultHours: number, validityMonths: number | null, description: string }[]} */
    courses: [],
    /** @type {{ id: number, name: string, employeeNo: string | null, roleId: number | null, department: string, managerId: number | null, email: string, phone: string, hireDate: string | null, status: string, endDate: string | null }[]} */
    staff: [],
    /** @type {{ id: number, staffId: number, courseId: number, completedOn: string, hours: number, provider: string, notes: string, status: string, loggedBy: number | null, loggedAt: string, approvedBy: number | null, approvedAt: string | null, certificate: { fileName: string, mediaType: string, dataBase64: string } | null }[]} */
    records: [],
    /** @type {{ id: number, retiredOn: string | null, versions: { id: number, standardId: number, version: number, audience: string, channel: string, statement: string, targetValue: number | null, targetUnit: string, targetText: string, effectiveDate: string, roleIds: number[] }[] }[]} */
    standards: [],
    /** @type {{ staffId: number, versionId: number, acknowledgedOn: string }[]} */
    acks: [],
    /** @type {any[]} evaluations as the bindings' `Evaluation`, scores recomputed on read */
    evaluations: [],
    /** @type {any} the one template, as the bindings' `TemplateInput` */
    template: null,
    nextId: 1000,
  };
}

/** A tiny PNG (a teal square) as a stored certificate. */
const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAGklEQVR4nGMQmvWTJMQwqmFUw6iGUQ1DVQMAdjrSsDnhJ1wAAAAASUVORK5CYII=';

/** The demo practice, dated relative to `today` so its due states stay put. @param {ReturnType<typeof emptyState>} s @param {string} today */
function seedDemo(s, today) {
  const ago = (/** @type {number} */ days) => addDays(today, -days);
  s.practice = { ...s.practice, name: 'Riverside Family Dental', address: '12 Mill Lane\nRiverside', setUp: true };
  s.courses = [
    { id: 1, title: 'CPR and basic life support', category: 'safety', provider: 'Red Cross', defaultHours: 4, validityMonths: 24, description: '' },
    { id: 2, title: 'Infection control', category: 'clinical', provider: 'State Dental Board', defaultHours: 2, validityMonths: 12, description: '' },
    { id: 3, title: 'Patient privacy (HIPAA)', category: 'compliance', provider: 'Online', defaultHours: 1, validityMonths: 12, description: '' },
    { id: 4, title: 'Telephone etiquette', category: 'customer_service', provider: 'In-house', defaultHours: 1.5, validityMonths: null, description: '' },
    { id: 5, title: 'Handling complaints', category: 'customer_service', provider: 'In-house', defaultHours: 2, validityMonths: null, description: '' },
  ];
  s.roles = [
    { id: 1, name: 'Receptionist', description: 'Front desk: phones, scheduling, check-in', requiredCourseIds: [1, 3, 4] },
    { id: 2, name: 'Hygienist', description: '', requiredCourseIds: [1, 2, 3] },
    { id: 3, name: 'Dental assistant', description: '', requiredCourseIds: [1, 2] },
    { id: 4, name: 'Billing', description: 'Insurance claims and payments', requiredCourseIds: [3] },
  ];
  const p = (/** @type {number} */ id, /** @type {string} */ name, /** @type {number|null} */ roleId, /** @type {string} */ dept, extra = {}) => ({
    id, name, employeeNo: `E${String(id).padStart(3, '0')}`, roleId, department: dept, managerId: 1,
    email: `${fold(name).replace(/[^a-z]+/g, '.')}@riverside.example`, phone: '', hireDate: '2019-03-01',
    status: 'active', endDate: null, ...extra,
  });
  s.staff = [
    p(1, 'Maria Rossi', 4, 'Office', { managerId: null, hireDate: '2015-06-01' }),
    p(2, 'Zoë Núñez', 1, 'Front office'),
    p(3, 'Nguyễn Văn Anh', 2, 'Clinical'),
    p(4, '王芳', 3, 'Clinical'),
    p(5, "James O'Brien", 2, 'Clinical'),
    p(6, 'Priya Patel', 1, 'Front office', { status: 'on_leave' }),
    p(7, 'Tom Becker', 3, 'Clinical'),
    p(8, 'Amara Okafor', 4, 'Office'),
    p(9, 'Sam Carter', 1, 'Front office', { hireDate: ago(40) }),
    p(10, 'Lena Schmidt', 1, 'Front office', { status: 'left', endDate: '2023-12-31' }),
  ];
  let rid = 1;
  const rec = (/** @type {number} */ staffId, /** @type {number} */ courseId, /** @type {string} */ on, extra = {}) => {
    const c = /** @type {(typeof s.courses)[number]} */ (s.courses.find((x) => x.id === courseId));
    s.records.push({
      id: rid++, staffId, courseId, completedOn: on, hours: c.defaultHours, provider: c.provider, notes: '',
      status: 'approved', loggedBy: null, loggedAt: `${on}T12:00:00Z`, approvedBy: null, approvedAt: `${on}T12:00:00Z`,
      certificate: null, ...extra,
    });
  };
  for (const id of [1, 8]) rec(id, 3, ago(100));
  rec(2, 1, ago(200), { certificate: { fileName: 'cpr-card.png', mediaType: 'image/png', dataBase64: PNG_1PX } });
  rec(2, 3, ago(350)); // due soon
  rec(2, 4, ago(500));
  rec(3, 1, ago(800)); // overdue
  rec(3, 2, ago(90));
  rec(3, 3, ago(90));
  rec(4, 1, ago(300));
  rec(4, 2, ago(400)); // overdue
  rec(5, 1, ago(100));
  rec(5, 2, ago(100));
  rec(5, 3, ago(100));
  rec(6, 1, ago(100));
  rec(6, 4, ago(100));
  rec(7, 1, ago(60));
  rec(7, 2, ago(345)); // due soon
  rec(9, 4, ago(10), { status: 'pending', loggedBy: 9, approvedAt: null });
  const v = (/** @type {number} */ id, /** @type {number} */ standardId, /** @type {Partial<(typeof s.standards)[number]['versions'][number]>} */ x) => ({
    id, standardId, version: 1, audience: 'external', channel: 'phone', statement: '', targetValue: null,
    targetUnit: 'text', targetText: '', effectiveDate: '2024-01-01', roleIds: /** @type {number[]} */ ([]), ...x,
  });
  s.standards = [
    { id: 1, retiredOn: null, versions: [v(1, 1, { statement: 'Answer every call within three rings, with the practice name and your own.', targetValue: 3, targetUnit: 'rings', roleIds: [1] })] },
    { id: 2, retiredOn: null, versions: [v(2, 2, { channel: 'in_person', statement: 'Greet every patient by name within one minute of arrival.', targetValue: 1, targetUnit: 'minutes' })] },
    { id: 3, retiredOn: null, versions: [v(3, 3, { audience: 'internal', channel: 'internal_request', statement: 'Answer a colleague’s request for information within one business day.', targetValue: 1, targetUnit: 'business_days' })] },
    { id: 4, retiredOn: null, versions: [v(4, 4, { audience: 'internal', channel: 'email', statement: 'Pass on registration corrections to billing the same day.', targetText: 'same day', effectiveDate: addDays(today, 14), roleIds: [1, 4] })] },
  ];
  // Standard 2 binds the 9 people who have not left; 7 have acknowledged it.
  for (const staffId of [1, 2, 3, 4, 5, 7, 8]) s.acks.push({ staffId, versionId: 2, acknowledgedOn: '2024-01-15' });
  for (const staffId of [2, 9]) s.acks.push({ staffId, versionId: 1, acknowledgedOn: '2024-01-15' });
  for (const staffId of [1, 2, 3]) s.acks.push({ staffId, versionId: 3, acknowledgedOn: '2024-01-15' });
  // One draft and one finalized annual review, on a small template.
  const criteria = (/** @type {number} */ base) => [
    { kind: 'general', title: 'Quality of work', criteria: [{ id: base + 1, title: 'Accuracy', weight: 2 }] },
    { kind: 'external_service', title: 'External customer service', criteria: [{ id: base + 2, title: 'Answers before the third ring', weight: 1 }] },
    { kind: 'internal_service', title: 'Internal customer service', criteria: [{ id: base + 3, title: 'Acknowledges requests within 4 business hours', weight: 1 }] },
  ];
  const year = Number(today.slice(0, 4));
  const evaluation = (/** @type {number} */ id, /** @type {number} */ staffId, /** @type {string} */ status) => ({
    id, staffId, kind: 'annual', year, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, status,
    templateName: 'Annual review', reviewerId: 1,
    sections: criteria(id * 10).map((sec) => ({
      ...sec,
      criteria: sec.criteria.map((c) => ({
        ...c, description: `${c.title}, as the practice's standard says.`, levels: ['', '', '', '', ''], standardId: null,
        rating: status === 'draft' ? null : 4, notApplicable: false, comment: '',
      })),
    })),
    strengths: '', improvements: '', goals: [], trainingPlan: [], recommendation: 'none', meritPercent: null,
    bonusCents: null, bonus: '', recommendationNote: '', employeeComments: '', finalizedOn: status === 'draft' ? null : ago(3),
    acknowledgedOn: null, acknowledgmentComment: '', amendments: [],
  });
  s.evaluations = [evaluation(1, 2, 'draft'), evaluation(2, 3, 'finalized')];
  s.template = {
    name: 'Annual review',
    description: '',
    sections: criteria(0).map((sec) => ({
      kind: sec.kind,
      title: sec.title,
      criteria: sec.criteria.map((c) => ({ title: c.title, description: '', levels: ['', '', '', '', ''], weight: c.weight, standardId: null })),
    })),
  };
}

/**
 * @param {{ setUp?: boolean, demo?: boolean, signedIn?: boolean, dbPath?: string }} [options]
 *   setUp false: first run (the welcome screen); demo: start with the demo data;
 *   signedIn false: start at the lock screen (with no owner yet if not set up).
 */
export function createFakeBackend({
  setUp = true,
  demo = true,
  signedIn = true,
  dbPath = '/home/zoë/Standard Practice/standard-practice.sqlite3',
} = {}) {
  const today = todayIso();
  const s = emptyState();
  if (setUp && demo) seedDemo(s, today);
  if (setUp && !demo) s.practice = { ...s.practice, name: 'Empty Practice', setUp: true };
  // Unless a test starts at the lock screen, the owner exists and is signed in.
  if (signedIn || setUp) {
    s.accounts.push({ id: 1, role: 'owner', name: 'Dr. Owner', staffId: null, secret: 'owner passphrase', disabled: false });
  }
  if (setUp && demo) {
    for (const p of s.staff.filter((x) => x.status !== 'left')) {
      s.accounts.push({ id: 100 + p.id, role: 'staff', name: p.name, staffId: p.id, secret: '1234', disabled: false });
    }
  }
  if (signedIn) s.session = { account: 1, role: 'owner', name: 'Dr. Owner', staff: null, permissions: POLICY.owner ?? [] };
  const signedOut = () => {
    throw /** @type {Payload} */ ({ code: 'signed_out', message: 'Sign in first' });
  };
  const actor = () => s.session ?? signedOut();
  const actorOf = (/** @type {(typeof s.accounts)[number]} */ a) => ({
    account: a.id, role: a.role, name: a.name, staff: a.staffId, permissions: POLICY[a.role] ?? [],
  });
  const accountOut = (/** @type {(typeof s.accounts)[number]} */ a) => ({
    id: a.id, role: a.role, name: a.name, staff: a.staffId === null ? null : ref(a.staffId), disabled: a.disabled, createdAt: '2026-01-01T00:00:00Z',
  });
  /** @param {{ name: string, passphrase: string, confirm: string }} x */
  const checkAccount = (x) => {
    if (!x.name.trim()) invalid('name', 'Name is required');
    if (x.passphrase.length < 8) invalid('passphrase', 'A passphrase needs at least 8 characters (a few words are easy to remember)');
    if (x.confirm !== x.passphrase) invalid('confirm', 'The two passphrases are not the same');
  };
  const id = () => ++s.nextId;

  const staffById = (/** @type {number} */ n) => s.staff.find((x) => x.id === n) ?? notFound('Staff member', n);
  const ref = (/** @type {number | null} */ n) => {
    if (n === null) return null;
    const p = s.staff.find((x) => x.id === n);
    return p ? { id: p.id, name: p.name } : null;
  };
  const roleName = (/** @type {number | null} */ n) => s.roles.find((r) => r.id === n)?.name ?? null;

  const staffOut = (/** @type {(typeof s.staff)[number]} */ p) => ({
    id: p.id, name: p.name, employeeNo: p.employeeNo, roleId: p.roleId, roleName: roleName(p.roleId), department: p.department,
    manager: ref(p.managerId), email: p.email, phone: p.phone, hireDate: p.hireDate, status: p.status, endDate: p.endDate,
  });

  const recordOut = (/** @type {(typeof s.records)[number]} */ r) => ({
    id: r.id, staff: ref(r.staffId), courseId: r.courseId, courseTitle: s.courses.find((c) => c.id === r.courseId)?.title ?? '',
    completedOn: r.completedOn, hours: r.hours, provider: r.provider, notes: r.notes, status: r.status,
    loggedBy: ref(r.loggedBy), loggedAt: r.loggedAt, approvedBy: ref(r.approvedBy), approvedAt: r.approvedAt,
    certificate: r.certificate
      ? { fileName: r.certificate.fileName, mediaType: r.certificate.mediaType, size: Math.floor((r.certificate.dataBase64.length * 3) / 4) }
      : null,
  });

  const dueItems = (/** @type {(typeof s.staff)[number]} */ p) => {
    if (p.status === 'left') return [];
    const role = s.roles.find((r) => r.id === p.roleId);
    if (!role) return [];
    return role.requiredCourseIds.map((courseId) => {
      const c = /** @type {(typeof s.courses)[number]} */ (s.courses.find((x) => x.id === courseId));
      const last = s.records
        .filter((r) => r.staffId === p.id && r.courseId === courseId && r.status === 'approved')
        .map((r) => r.completedOn)
        .sort()
        .at(-1) ?? null;
      let state = 'never_done';
      let expiresOn = null;
      let daysLeft = null;
      if (last) {
        state = 'current';
        if (c.validityMonths !== null) {
          expiresOn = addMonths(last, c.validityMonths);
          daysLeft = daysBetween(today, expiresOn);
          state = daysLeft < 0 ? 'overdue' : daysLeft <= s.practice.dueSoonDays ? 'due_soon' : 'current';
        }
      }
      return { staffId: p.id, courseId, courseTitle: c.title, lastCompleted: last, expiresOn, state, daysLeft };
    });
  };

  const counts = (/** @type {{ state: string }[]} */ items) => {
    const d = { current: 0, dueSoon: 0, overdue: 0, neverDone: 0 };
    for (const i of items) {
      if (i.state === 'current') d.current++;
      else if (i.state === 'due_soon') d.dueSoon++;
      else if (i.state === 'overdue') d.overdue++;
      else d.neverDone++;
    }
    return d;
  };

  const versionsOf = (/** @type {(typeof s.standards)[number]} */ st) => [...st.versions].sort((a, b) => b.version - a.version);
  const withLabel = (/** @type {(typeof s.standards)[number]['versions'][number]} */ v) => ({ ...v, targetLabel: targetLabel(v.targetValue, v.targetUnit, v.targetText) });
  const retiredNow = (/** @type {(typeof s.standards)[number]} */ st) => st.retiredOn !== null && st.retiredOn <= today;
  const binds = (/** @type {(typeof s.standards)[number]['versions'][number]} */ v, /** @type {(typeof s.staff)[number]} */ p) =>
    p.status !== 'left' && (v.roleIds.length === 0 || (p.roleId !== null && v.roleIds.includes(p.roleId)));

  const standardOut = (/** @type {(typeof s.standards)[number]} */ st) => {
    const vs = versionsOf(st);
    const inForceVersion = vs.find((v) => v.effectiveDate <= today) ?? null;
    const current = inForceVersion ?? /** @type {(typeof vs)[number]} */ (vs.at(-1));
    const upcoming = inForceVersion ? (vs.find((v) => v.effectiveDate > today && v.version > inForceVersion.version) ?? null) : null;
    const bound = retiredNow(st) ? [] : s.staff.filter((p) => binds(current, p));
    const acked = bound.filter((p) => s.acks.some((a) => a.staffId === p.id && a.versionId === current.id));
    return {
      id: st.id, current: withLabel(current), inForce: inForceVersion !== null, upcoming: upcoming && withLabel(upcoming),
      versionCount: vs.length, retiredOn: st.retiredOn, boundCount: bound.length, acknowledgedCount: acked.length,
      bound, acked,
    };
  };

  const standardDetail = (/** @type {number} */ n) => {
    const st = s.standards.find((x) => x.id === n) ?? notFound('Service standard', n);
    const { bound, acked, ...standard } = standardOut(st);
    return {
      standard,
      versions: versionsOf(st).map(withLabel),
      acknowledged: acked.map((p) => ({
        staff: { id: p.id, name: p.name }, versionId: standard.current.id,
        acknowledgedOn: s.acks.find((a) => a.staffId === p.id && a.versionId === standard.current.id)?.acknowledgedOn,
      })),
      notAcknowledged: bound.filter((p) => !acked.includes(p)).map((p) => ({ id: p.id, name: p.name })),
    };
  };

  const courseOut = (/** @type {(typeof s.courses)[number]} */ c) => ({
    ...c,
    requiredByRoles: s.roles.filter((r) => r.requiredCourseIds.includes(c.id)).length,
    completions: s.records.filter((r) => r.courseId === c.id).length,
  });
  const roleOut = (/** @type {(typeof s.roles)[number]} */ r) => ({ ...r, staffCount: s.staff.filter((p) => p.roleId === r.id).length });

  /** @param {Record<string, any>} input @param {number | null} selfId */
  const validStaff = (input, selfId) => {
    const name = String(input.name ?? '').trim();
    if (!name) invalid('name', 'Name is required');
    const date = (/** @type {string} */ field, /** @type {string} */ label, /** @type {string} */ v) => {
      if (!v) return null;
      if (!parseDate(v)) invalid(field, `${label} ${v} is not a real date`);
      return v;
    };
    const hireDate = date('hireDate', 'Hire date', input.hireDate);
    const status = input.status ?? 'active';
    const endDate = date('endDate', 'End date', input.endDate);
    if (status === 'left' && !endDate) invalid('endDate', 'End date is required when the status is Left');
    if (status !== 'left' && endDate) invalid('endDate', 'Only people who have left have an end date');
    const employeeNo = input.employeeNo?.trim() || null;
    if (employeeNo && s.staff.some((p) => p.employeeNo === employeeNo && p.id !== selfId)) {
      throw { code: 'conflict', field: 'employeeNo', message: `Employee number ${employeeNo} is already used` };
    }
    return {
      name, employeeNo, roleId: input.roleId ?? null, department: input.department ?? '', managerId: input.managerId ?? null,
      email: input.email ?? '', phone: input.phone ?? '', hireDate, status, endDate,
    };
  };

  /** The core's checks on a training record's input (log and update). @param {Record<string, any>} x */
  const validTraining = (x) => {
    if (x.staffId === null) invalid('staffId', 'Choose who completed the training');
    if (x.courseId === null) invalid('courseId', 'Choose the course');
    const p = staffById(x.staffId);
    const c = s.courses.find((y) => y.id === x.courseId) ?? invalid('courseId', `Course ${x.courseId} does not exist`);
    if (!parseDate(x.completedOn)) invalid('completedOn', `Completion date ${x.completedOn} is not a real date`);
    if (x.completedOn > today) invalid('completedOn', `Completion date ${x.completedOn} is in the future`);
    if (p.hireDate && x.completedOn < p.hireDate) invalid('completedOn', `Completion date ${x.completedOn} is before ${p.name} was hired (${p.hireDate})`);
    if (x.hours !== null && !(x.hours > 0 && x.hours <= 500)) invalid('hours', 'Hours must be more than 0 and at most 500');
    return { p, c };
  };

  /** A certificate upload as stored. @param {{ fileName: string, dataBase64: string } | null} u */
  const certificateIn = (u) =>
    u
      ? { fileName: u.fileName, mediaType: /\.pdf$/i.test(u.fileName) ? 'application/pdf' : /\.png$/i.test(u.fileName) ? 'image/png' : 'image/jpeg', dataBase64: u.dataBase64 }
      : null;

  /** @param {Record<string, any>} input */
  const validStandard = (input) => {
    if (!input.audience) invalid('audience', 'Choose who the standard serves');
    if (!input.channel) invalid('channel', 'Choose the channel');
    const statement = String(input.statement ?? '').trim();
    if (!statement) invalid('statement', 'Statement is required');
    if (input.targetUnit === 'text') {
      if (!String(input.targetText ?? '').trim()) invalid('targetText', 'Give the target in words');
    } else if (input.targetValue === null || input.targetValue === undefined) {
      invalid('targetValue', 'Give the target as a number');
    }
    if (!parseDate(input.effectiveDate)) invalid('effectiveDate', `Effective date ${input.effectiveDate} is not a real date`);
    return {
      audience: input.audience, channel: input.channel, statement, targetValue: input.targetUnit === 'text' ? null : input.targetValue,
      targetUnit: input.targetUnit, targetText: input.targetText ?? '', effectiveDate: input.effectiveDate, roleIds: [...(input.roleIds ?? [])],
    };
  };

  /** @param {any} t */
  const shareOf = (t) => {
    let all = 0;
    let service = 0;
    for (const sec of t.sections) {
      for (const c of sec.criteria) {
        all += c.weight;
        if (sec.kind !== 'general') service += c.weight;
      }
    }
    return all ? (service * 100) / all : 0;
  };
  /** @param {any} t */
  const templateOut = (t) => ({ id: 1, ...t, serviceShare: `${shareOf(t).toFixed(1)}%`, evaluationCount: s.evaluations.length });
  /** @param {number} n */
  const evaluationById = (n) => s.evaluations.find((e) => e.id === n) ?? notFound('Evaluation', n);
  /** A naive weighted mean; the real scoring is the core's. @param {any[]} cs */
  const mean = (cs) => {
    const rated = cs.filter((c) => c.rating !== null);
    const w = rated.reduce((a, c) => a + c.weight, 0);
    if (!w) return null;
    const v = rated.reduce((a, c) => a + c.weight * c.rating, 0) / w;
    return { value: v, display: v.toFixed(1), percent: `${((v / 5) * 100).toFixed(1)}%` };
  };
  /** @param {any} e */
  const scored = (e) => {
    const sections = e.sections.map((/** @type {any} */ sec) => ({ ...sec, score: mean(sec.criteria) }));
    const all = e.sections.flatMap((/** @type {any} */ sec) => sec.criteria);
    const service = e.sections.filter((/** @type {any} */ sec) => sec.kind !== 'general').flatMap((/** @type {any} */ sec) => sec.criteria);
    const { staffId, reviewerId, ...rest } = e;
    return { ...rest, staff: ref(staffId), roleName: null, reviewer: ref(reviewerId), sections, customerService: mean(service), overall: mean(all) };
  };
  /** @param {any} e */
  const summary = (e) => {
    const x = scored(e);
    const all = e.sections.flatMap((/** @type {any} */ sec) => sec.criteria);
    return {
      id: e.id, staff: x.staff, kind: e.kind, year: e.year, periodStart: e.periodStart, periodEnd: e.periodEnd, status: e.status,
      templateName: e.templateName, customerService: x.customerService, overall: x.overall,
      ratedCount: all.filter((/** @type {any} */ c) => c.rating !== null || c.notApplicable).length, criterionCount: all.length,
    };
  };
  /** @param {number} n */
  const evaluationPage = (n) => ({
    evaluation: scored(evaluationById(n)),
    evidence: { training: [], acknowledged: [], due: [] },
    ratingLabels: s.practice.ratingLabels,
  });

  const offsiteOut = () => ({
    status: { folder: s.offsite.folder, lastCopyAt: s.offsite.lastCopyAt, sameDisk: false },
    copies: s.offsite.lastCopyAt ? [{ path: `${s.offsite.folder}/standard-practice-copy.sqlite3`, takenAt: s.offsite.lastCopyAt, reason: { kind: 'manual' }, size: 524288 }] : [],
  });

  /** @type {Record<string, Handler>} */
  const handlers = {
    app_status: () => ({ dbPath, setUp: s.practice.setUp }),
    sign_in_options: () => ({
      practiceName: s.practice.name,
      needsOwner: !s.accounts.some((a) => a.role === 'owner'),
      people: s.staff.length,
      accounts: s.accounts.filter((a) => a.role !== 'staff' && !a.disabled).map((a) => ({ id: a.id, name: a.name, role: a.role })),
      kiosk: s.accounts.filter((a) => a.role === 'staff' && !a.disabled).map((a) => ({ id: a.id, name: a.name, role: a.role })),
    }),
    session_get: () => s.session,
    session_touch: () => (actor(), null),
    owner_create: ({ input }) => {
      const x = /** @type {any} */ (input);
      checkAccount(x);
      if (s.accounts.some((a) => a.role === 'owner')) throw { code: 'forbidden', message: 'This practice already has an owner' };
      const a = { id: id(), role: 'owner', name: x.name.trim(), staffId: null, secret: x.passphrase, disabled: false };
      s.accounts.push(a);
      s.session = actorOf(a);
      return s.session;
    },
    sign_in: ({ account, secret }) => {
      const a = s.accounts.find((x) => x.id === account) ?? notFound('Account', /** @type {number} */ (account));
      if (a.secret !== secret) invalid('secret', `That ${a.role === 'staff' ? 'PIN' : 'passphrase'} is not right`);
      s.session = actorOf(a);
      return s.session;
    },
    sign_out: () => {
      s.session = null;
      return null;
    },
    accounts_list: () => (actor(), s.accounts.map(accountOut)),
    manager_create: ({ input }) => {
      actor();
      const x = /** @type {any} */ (input);
      checkAccount(x);
      const a = { id: id(), role: 'manager', name: x.name.trim(), staffId: null, secret: x.passphrase, disabled: false };
      s.accounts.push(a);
      return accountOut(a);
    },
    pin_set: ({ staffId, pin }) => {
      actor();
      if (!/^\d{4,8}$/.test(String(pin))) invalid('pin', 'A PIN is 4 to 8 digits');
      const p = staffById(/** @type {number} */ (staffId));
      let a = s.accounts.find((x) => x.staffId === p.id);
      if (!a) s.accounts.push((a = { id: id(), role: 'staff', name: p.name, staffId: p.id, secret: '', disabled: false }));
      a.secret = String(pin);
      return accountOut(a);
    },
    account_set_disabled: ({ id: n, disabled }) => {
      const a = s.accounts.find((x) => x.id === n) ?? notFound('Account', /** @type {number} */ (n));
      a.disabled = Boolean(disabled);
      return accountOut(a);
    },
    passphrase_change: ({ current, input }) => {
      const me = s.accounts.find((a) => a.id === actor().account) ?? notFound('Account', 0);
      if (me.secret !== current) invalid('current', 'The current passphrase is not right');
      checkAccount(/** @type {any} */ (input));
      me.secret = /** @type {any} */ (input).passphrase;
      return null;
    },
    kiosk_page: () => {
      const me = actor().staff;
      if (me === null) throw { code: 'forbidden', message: 'No staff record' };
      const page = /** @type {any} */ (handlers.staff_page({ id: me }));
      return {
        person: page.person,
        training: page.training,
        due: page.due,
        standards: page.standards,
        evaluations: s.evaluations.filter((e) => e.staffId === me && e.status !== 'draft').map(summary),
      };
    },
    audit_for_record: () => (actor(), []),
    audit_list: ({ filter }) => {
      actor();
      const f = /** @type {{ entity: string | null, person: number | null, before: number | null }} */ (filter);
      const rows = s.audit.filter(
        (e) =>
          (f.entity === null || e.entity === f.entity) &&
          (f.person === null || e.person === f.person || (e.entity === 'staff' && e.entityId === f.person)) &&
          (f.before === null || e.id < f.before),
      );
      // A small page, so the UI tests reach "Show older" (the core's is 200).
      return { entries: rows.slice(0, 3), more: rows.length > 3 };
    },
    backups_list: () => (actor(), [...s.backups]),
    offsite_get: () => (actor(), offsiteOut()),
    offsite_choose: () => {
      actor();
      s.offsite = { folder: '/media/usb', lastCopyAt: undefined };
      return offsiteOut();
    },
    offsite_stop: () => {
      actor();
      s.offsite = { folder: undefined, lastCopyAt: undefined };
      return offsiteOut();
    },
    offsite_copy_now: () => {
      actor();
      if (!s.offsite.folder) invalid('folder', 'Choose a folder off this computer first');
      s.offsite.lastCopyAt = new Date().toISOString();
      return offsiteOut();
    },
    backup_now: () => {
      actor();
      const b = { path: `/backups/standard-practice-${s.backups.length}-manual.sqlite3`, takenAt: new Date().toISOString(), reason: { kind: 'manual' }, size: 524288 };
      s.backups.unshift(b);
      return b;
    },
    setup_demo: () => {
      seedDemo(s, today);
      return handlers.overview({});
    },
    overview: () => {
      const live = s.staff.filter((p) => p.status !== 'left');
      const items = live.flatMap(dueItems);
      let missing = 0;
      for (const st of s.standards) {
        const o = standardOut(st);
        if (o.inForce) missing += o.boundCount - o.acknowledgedCount;
      }
      return {
        practiceName: s.practice.name,
        activeStaff: s.staff.filter((p) => p.status === 'active').length,
        onLeave: s.staff.filter((p) => p.status === 'on_leave').length,
        due: counts(items),
        peopleBehind: live.filter((p) => dueItems(p).some((i) => i.state === 'overdue' || i.state === 'never_done')).length,
        pendingApprovals: s.records.filter((r) => r.status === 'pending').length,
        missingAcknowledgments: missing,
      };
    },
    practice_get: () => (actor(), { ...s.practice }),
    practice_update: ({ settings }) => {
      const x = /** @type {any} */ (settings);
      if (!String(x.name).trim()) invalid('name', 'Practice name is required');
      s.practice = { ...x, name: String(x.name).trim(), setUp: true };
      return { ...s.practice };
    },
    staff_list: ({ filter }) => {
      const f = /** @type {any} */ (filter);
      const q = fold(f.search ?? '');
      return s.staff
        .filter((p) => (!f.status || p.status === f.status) && (f.roleId === null || p.roleId === f.roleId))
        .filter((p) => !q || [p.name, p.employeeNo ?? '', p.email].some((t) => fold(t).includes(q)))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((p) => ({ person: staffOut(p), due: counts(dueItems(p)) }));
    },
    staff_page: ({ id: n }) => {
      const p = staffById(/** @type {number} */ (n));
      return {
        person: staffOut(p),
        reports: s.staff.filter((x) => x.managerId === p.id).map((x) => ({ id: x.id, name: x.name })),
        changes: [],
        training: s.records
          .filter((r) => r.staffId === p.id)
          .sort((a, b) => b.completedOn.localeCompare(a.completedOn) || b.id - a.id)
          .map(recordOut),
        due: dueItems(p),
        standards: s.standards
          .filter((st) => !retiredNow(st))
          .map((st) => standardOut(st))
          .filter((o) => o.inForce && o.bound.includes(p))
          .map((o) => ({
            version: o.current,
            acknowledgedOn: s.acks.find((a) => a.staffId === p.id && a.versionId === o.current.id)?.acknowledgedOn ?? null,
          })),
      };
    },
    staff_create: ({ input }) => {
      const p = { id: id(), ...validStaff(/** @type {any} */ (input), null) };
      s.staff.push(p);
      return staffOut(p);
    },
    staff_update: ({ id: n, input }) => {
      const p = staffById(/** @type {number} */ (n));
      Object.assign(p, validStaff(/** @type {any} */ (input), p.id));
      return staffOut(p);
    },
    staff_delete: ({ id: n }) => {
      staffById(/** @type {number} */ (n));
      s.staff = s.staff.filter((p) => p.id !== n);
      s.records = s.records.filter((r) => r.staffId !== n);
      s.acks = s.acks.filter((a) => a.staffId !== n);
      for (const p of s.staff) if (p.managerId === n) p.managerId = null;
      return null;
    },
    roles_list: () => [...s.roles].sort((a, b) => a.name.localeCompare(b.name)).map(roleOut),
    role_create: ({ input }) => {
      const x = /** @type {any} */ (input);
      if (!String(x.name).trim()) invalid('name', 'Name is required');
      const r = { id: id(), name: String(x.name).trim(), description: x.description, requiredCourseIds: [...x.requiredCourseIds] };
      s.roles.push(r);
      return roleOut(r);
    },
    role_update: ({ id: n, input }) => {
      const r = s.roles.find((x) => x.id === n) ?? notFound('Job role', /** @type {number} */ (n));
      const x = /** @type {any} */ (input);
      if (!String(x.name).trim()) invalid('name', 'Name is required');
      Object.assign(r, { name: String(x.name).trim(), description: x.description, requiredCourseIds: [...x.requiredCourseIds] });
      return roleOut(r);
    },
    role_delete: ({ id: n }) => {
      const held = s.staff.filter((p) => p.roleId === n);
      // The core refuses a role in use and names who holds it; its wording is not the fake's to copy.
      if (held.length) throw { code: 'conflict', field: 'id', message: `Held by ${held.map((p) => p.name).join(', ')}` };
      s.roles = s.roles.filter((r) => r.id !== n);
      return null;
    },
    courses_list: () => [...s.courses].sort((a, b) => a.title.localeCompare(b.title)).map(courseOut),
    course_create: ({ input }) => {
      const x = /** @type {any} */ (input);
      if (!String(x.title).trim()) invalid('title', 'Title is required');
      const c = { id: id(), ...x, title: String(x.title).trim() };
      s.courses.push(c);
      return courseOut(c);
    },
    course_update: ({ id: n, input }) => {
      const c = s.courses.find((x) => x.id === n) ?? notFound('Course', /** @type {number} */ (n));
      const x = /** @type {any} */ (input);
      if (!String(x.title).trim()) invalid('title', 'Title is required');
      Object.assign(c, x, { title: String(x.title).trim() });
      return courseOut(c);
    },
    course_delete: ({ id: n }) => {
      const c = s.courses.find((x) => x.id === n) ?? notFound('Course', /** @type {number} */ (n));
      const done = courseOut(c).completions;
      if (done > 0) {
        throw { code: 'conflict', field: 'id', message: `"${c.title}" has ${done} training record(s); it cannot be deleted without erasing that history` };
      }
      const requiring = s.roles.filter((r) => r.requiredCourseIds.includes(/** @type {number} */ (n)));
      // The core refuses a course a role requires and names the roles; its wording is not the fake's to copy.
      if (requiring.length) throw { code: 'conflict', field: 'id', message: `Required by ${requiring.map((r) => r.name).join(', ')}` };
      s.courses = s.courses.filter((x) => x.id !== n);
      return null;
    },
    training_log: ({ input }) => {
      const x = /** @type {any} */ (input);
      const { p, c } = validTraining(x);
      // Who logged it is whoever is signed in; staff's own waits for approval.
      const who = actor();
      const waits = who.role === 'staff';
      const r = {
        id: id(), staffId: p.id, courseId: c.id, completedOn: x.completedOn, hours: x.hours ?? c.defaultHours,
        provider: x.provider, notes: x.notes, status: waits ? 'pending' : 'approved', loggedBy: who.staff,
        loggedAt: new Date().toISOString(), approvedBy: null, approvedAt: waits ? null : new Date().toISOString(),
        certificate: certificateIn(x.certificate),
      };
      s.records.push(r);
      return recordOut(r);
    },
    // As the core: corrects person, course, date, hours, provider, notes and the
    // certificate; who logged it and its approval state are kept.
    training_update: ({ id: n, input }) => {
      const r = s.records.find((y) => y.id === n) ?? notFound('Training record', /** @type {number} */ (n));
      const x = /** @type {any} */ (input);
      const { p, c } = validTraining(x);
      Object.assign(r, {
        staffId: p.id, courseId: c.id, completedOn: x.completedOn, hours: x.hours ?? c.defaultHours,
        provider: x.provider || c.provider, notes: x.notes,
      });
      if (x.removeCertificate) r.certificate = null;
      if (x.certificate) r.certificate = certificateIn(x.certificate);
      return recordOut(r);
    },
    training_delete: ({ id: n }) => {
      if (!s.records.some((r) => r.id === n)) notFound('Training record', /** @type {number} */ (n));
      s.records = s.records.filter((r) => r.id !== n);
      return null;
    },
    training_pending: () => s.records.filter((r) => r.status === 'pending').sort((a, b) => a.completedOn.localeCompare(b.completedOn)).map(recordOut),
    training_approve: ({ ids }) => {
      const list = /** @type {number[]} */ (ids).map((n) => s.records.find((r) => r.id === n) ?? notFound('Training record', n));
      for (const r of list) Object.assign(r, { status: 'approved', approvedBy: actor().staff, approvedAt: new Date().toISOString() });
      return list.map(recordOut);
    },
    certificate_get: ({ id: n }) => {
      const r = s.records.find((x) => x.id === n) ?? notFound('Training record', /** @type {number} */ (n));
      if (!r.certificate) throw { code: 'not_found', message: 'This training record has no certificate' };
      return { ...r.certificate };
    },
    standards_list: () =>
      s.standards.map((st) => {
        const { bound, acked, ...out } = standardOut(st);
        void bound;
        void acked;
        return out;
      }),
    standard_detail: ({ id: n }) => standardDetail(/** @type {number} */ (n)),
    standard_create: ({ input }) => {
      const v = validStandard(/** @type {any} */ (input));
      const st = { id: id(), retiredOn: null, versions: /** @type {any[]} */ ([]) };
      st.versions.push({ id: id(), standardId: st.id, version: 1, ...v });
      s.standards.push(st);
      return standardDetail(st.id);
    },
    standard_revise: ({ id: n, input }) => {
      const st = s.standards.find((x) => x.id === n) ?? notFound('Service standard', /** @type {number} */ (n));
      const v = validStandard(/** @type {any} */ (input));
      const latest = /** @type {(typeof st.versions)[number]} */ (versionsOf(st)[0]);
      if (latest.effectiveDate > today) Object.assign(latest, v);
      else {
        if (v.effectiveDate < latest.effectiveDate) invalid('effectiveDate', `Effective date must be on or after the version in force (${latest.effectiveDate})`);
        st.versions.push({ id: id(), standardId: st.id, version: latest.version + 1, ...v });
      }
      return standardDetail(st.id);
    },
    standard_retire: ({ id: n, retiredOn }) => {
      const st = s.standards.find((x) => x.id === n) ?? notFound('Service standard', /** @type {number} */ (n));
      st.retiredOn = /** @type {string | null} */ (retiredOn);
      return standardDetail(st.id);
    },
    standard_acknowledge: ({ staffId, versionId, acknowledgedOn }) => {
      const on = /** @type {string} */ (acknowledgedOn);
      if (!parseDate(on)) invalid('acknowledgedOn', `Acknowledgment date ${on} is not a real date`);
      if (on > today) invalid('acknowledgedOn', `Acknowledgment date ${on} is in the future`);
      const p = staffById(/** @type {number} */ (staffId));
      if (!s.acks.some((a) => a.staffId === staffId && a.versionId === versionId)) {
        s.acks.push({ staffId: p.id, versionId: /** @type {number} */ (versionId), acknowledgedOn: on });
      }
      return { staff: { id: p.id, name: p.name }, versionId, acknowledgedOn: on };
    },
    templates_list: () =>
      s.evaluations.length || s.practice.setUp
        ? [{ id: 1, name: 'Annual review', description: '', sectionCount: 3, criterionCount: 3, serviceShare: '50.0%', evaluationCount: s.evaluations.length }]
        : [],
    evaluations_list: ({ filter }) =>
      s.evaluations.filter((e) => !(/** @type {any} */ (filter)).year || e.year === (/** @type {any} */ (filter)).year).map(summary),
    evaluation_get: ({ id: n }) => evaluationPage(/** @type {number} */ (n)),
    evaluation_history: ({ staffId }) => s.evaluations.filter((e) => e.staffId === staffId).map(summary),
    evaluation_save: ({ id: n, edit }) => {
      const e = evaluationById(/** @type {number} */ (n));
      const ed = /** @type {any} */ (edit);
      const all = e.sections.flatMap((/** @type {any} */ sec) => sec.criteria);
      ed.ratings.forEach((/** @type {any} */ r, /** @type {number} */ i) => {
        if (r.rating !== null && (r.rating < 1 || r.rating > 5)) invalid(`ratings.${i}.rating`, 'The rating must be from 1 to 5, or N/A');
      });
      const changed = ed.ratings.some((/** @type {any} */ r) => {
        const c = all.find((/** @type {any} */ x) => x.id === r.criterionId);
        return c && (c.rating !== r.rating || c.notApplicable !== r.notApplicable || c.comment !== r.comment);
      }) || e.strengths !== ed.strengths;
      if (e.status !== 'draft' && changed && !ed.amendmentReason.trim()) {
        invalid('amendmentReason', `This evaluation was finalized on ${e.finalizedOn}: say why it is being changed`);
      }
      for (const r of ed.ratings) {
        const c = all.find((/** @type {any} */ x) => x.id === r.criterionId);
        if (c) Object.assign(c, { rating: r.rating, notApplicable: r.notApplicable, comment: r.comment });
      }
      Object.assign(e, { strengths: ed.strengths, improvements: ed.improvements, goals: ed.goals, employeeComments: ed.employeeComments });
      if (e.status !== 'draft' && changed) e.amendments.push({ madeOn: today, reason: ed.amendmentReason, changes: [] });
      return evaluationPage(e.id);
    },
    evaluation_finalize: ({ id: n }) => {
      const e = evaluationById(/** @type {number} */ (n));
      const all = e.sections.flatMap((/** @type {any} */ sec) => sec.criteria);
      const i = all.findIndex((/** @type {any} */ c) => c.rating === null && !c.notApplicable);
      if (i >= 0) invalid(`ratings.${i}.rating`, `Rate every criterion or mark it N/A before finalizing: "${all[i].title}" is not rated`);
      Object.assign(e, { status: 'finalized', finalizedOn: today });
      return evaluationPage(e.id);
    },
    evaluation_acknowledge: ({ id: n, input }) => {
      const e = evaluationById(/** @type {number} */ (n));
      const on = /** @type {any} */ (input).acknowledgedOn;
      if (!parseDate(on)) invalid('acknowledgedOn', `Acknowledgment date ${on} is not a real date`);
      Object.assign(e, { status: 'acknowledged', acknowledgedOn: on, acknowledgmentComment: /** @type {any} */ (input).comment });
      return evaluationPage(e.id);
    },
    evaluation_create: ({ input }) => {
      const i = /** @type {any} */ (input);
      if (i.staffId === null) invalid('staffId', 'Choose the person to evaluate');
      if (!parseDate(i.periodStart)) invalid('periodStart', 'Period start must be a date written like 2024-03-15');
      if (!parseDate(i.periodEnd)) invalid('periodEnd', 'Period end must be a date written like 2024-03-15');
      if (i.periodEnd < i.periodStart) invalid('periodEnd', `The period ends (${i.periodEnd}) before it starts (${i.periodStart})`);
      const id = s.nextId++;
      s.evaluations.push({ ...evaluationById(1), id, staffId: i.staffId, kind: i.kind, periodStart: i.periodStart, periodEnd: i.periodEnd, status: 'draft', amendments: [] });
      return evaluationPage(id);
    },
    evaluation_delete: ({ id: n }) => {
      s.evaluations = s.evaluations.filter((e) => e.id !== n);
      return null;
    },
    annual_round_start: ({ input }) => {
      const y = /** @type {any} */ (input).year;
      if (y < 1900 || y > 9998) invalid('year', 'Give the year as four digits, e.g. 2026');
      return { created: [], skipped: s.evaluations.map((e) => ref(e.staffId)) };
    },
    template_get: () => templateOut(s.template),
    template_update: ({ input }) => {
      const t = /** @type {any} */ (input);
      if (!t.name.trim()) invalid('name', 'Template name is required');
      t.sections.forEach((/** @type {any} */ sec, /** @type {number} */ si) =>
        sec.criteria.forEach((/** @type {any} */ c, /** @type {number} */ ci) => {
          if (!(c.weight > 0 && c.weight <= 1000)) invalid(`sections.${si}.criteria.${ci}.weight`, `The weight of "${c.title}" must be more than 0`);
        }),
      );
      // The core's rule, simply: customer service's share of the weight against 25%.
      const share = shareOf(t);
      if (share < 25) invalid('sections', `Customer service carries ${share.toFixed(1)}% of the weight, ${(25 - share).toFixed(1)} points under the practice minimum of 25%`);
      s.template = t;
      return templateOut(t);
    },
    criterion_from_standard: ({ standardId }) => {
      const st = s.standards.find((x) => x.id === standardId) ?? notFound('Service standard', /** @type {number} */ (standardId));
      const v = st.versions[st.versions.length - 1];
      return {
        kind: v.audience === 'external' ? 'external_service' : 'internal_service',
        criterion: { title: v.statement, description: v.statement, levels: ['', '', '', '', ''], weight: 1, standardId: st.id },
      };
    },
    print_save: () => '/home/zoë/Documents/review.pdf',
    print_open: () => '/tmp/standard-practice/review.pdf',
    print_cancel: () => null,
  };


  return { handlers, state: s, today };
}
