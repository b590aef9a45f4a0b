// The one module that talks to the Rust shell. Components import from here, never
// from `@tauri-apps/api`, so UI tests can mock the IPC in one place and every
// command has one typed signature.

import { Channel, invoke } from '@tauri-apps/api/core';

import type { Account } from './bindings/Account';
import type { AccountId } from './bindings/AccountId';
import type { AccountInput } from './bindings/AccountInput';
import type { Actor } from './bindings/Actor';
import type { AuditEntry } from './bindings/AuditEntry';
import type { BackupInfo } from './bindings/BackupInfo';
import type { ExportKind } from './bindings/ExportKind';
import type { ImportKind } from './bindings/ImportKind';
import type { ImportReport } from './bindings/ImportReport';
import type { OffsiteCopies } from './bindings/OffsiteCopies';
import type { Restored } from './bindings/Restored';
import type { Entity } from './bindings/Entity';
import type { KioskPage } from './bindings/KioskPage';
import type { SignInOptions } from './bindings/SignInOptions';
import type { AppStatus } from './bindings/AppStatus';
import type { ErrorCode } from './bindings/ErrorCode';
import type { ErrorPayload } from './bindings/ErrorPayload';
import type { Acknowledgment } from './bindings/Acknowledgment';
import type { CertificateFile } from './bindings/CertificateFile';
import type { Course } from './bindings/Course';
import type { CourseId } from './bindings/CourseId';
import type { CourseInput } from './bindings/CourseInput';
import type { JobRole } from './bindings/JobRole';
import type { Overview } from './bindings/Overview';
import type { PracticeSettings } from './bindings/PracticeSettings';
import type { RecordId } from './bindings/RecordId';
import type { RoleId } from './bindings/RoleId';
import type { RoleInput } from './bindings/RoleInput';
import type { Staff } from './bindings/Staff';
import type { StaffFilter } from './bindings/StaffFilter';
import type { StaffId } from './bindings/StaffId';
import type { StaffInput } from './bindings/StaffInput';
import type { StaffListRow } from './bindings/StaffListRow';
import type { StaffPage } from './bindings/StaffPage';
import type { Standard } from './bindings/Standard';
import type { StandardDetail } from './bindings/StandardDetail';
import type { StandardId } from './bindings/StandardId';
import type { StandardInput } from './bindings/StandardInput';
import type { TrainingInput } from './bindings/TrainingInput';
import type { TrainingRecord } from './bindings/TrainingRecord';
import type { VersionId } from './bindings/VersionId';
import type { AcknowledgmentInput } from './bindings/AcknowledgmentInput';
import type { AnnualRound } from './bindings/AnnualRound';
import type { AnnualRoundInput } from './bindings/AnnualRoundInput';
import type { BatchProgress } from './bindings/BatchProgress';
import type { CriterionFromStandard } from './bindings/CriterionFromStandard';
import type { EvaluationEdit } from './bindings/EvaluationEdit';
import type { EvaluationFilter } from './bindings/EvaluationFilter';
import type { EvaluationId } from './bindings/EvaluationId';
import type { EvaluationPage } from './bindings/EvaluationPage';
import type { EvaluationSummary } from './bindings/EvaluationSummary';
import type { NewEvaluation } from './bindings/NewEvaluation';
import type { PrintRequest } from './bindings/PrintRequest';
import type { Template } from './bindings/Template';
import type { TemplateId } from './bindings/TemplateId';
import type { TemplateInput } from './bindings/TemplateInput';
import type { TemplateSummary } from './bindings/TemplateSummary';

// Every type the commands take or return is generated from the Rust types
// (`make types`); re-exported here so components import from one place.
export type * from './bindings/index';

/** A command failed; carries the shell's `ErrorPayload`. */
export class IpcError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'IpcError';
    this.code = payload.code;
    this.field = payload.field;
  }
}

function isErrorPayload(e: unknown): e is ErrorPayload {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ErrorPayload).code === 'string' &&
    typeof (e as ErrorPayload).message === 'string'
  );
}

let signedOutListener: ((message: string) => void) | null = null;

/**
 * Called whenever a command answers that nobody is signed in (the session was
 * locked after idling, or ended): the app then shows the lock screen.
 */
export function onSignedOut(listener: (message: string) => void): void {
  signedOutListener = listener;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (isErrorPayload(e)) {
      if (e.code === 'signed_out') signedOutListener?.(e.message);
      throw new IpcError(e);
    }
    // Not from our command (e.g. a denied permission or a missing command): keep
    // the text so it still reaches the screen.
    throw new IpcError({ code: 'io', message: String(e) });
  }
}

/** Where the database is and, if it could not be opened, why. */
export const appStatus = () => call<AppStatus>('app_status');

/** Who may sign in, and whether the owner's account must be created first. */
export const signInOptions = () => call<SignInOptions>('sign_in_options');
/** Who is signed in, if anyone. */
export const sessionGet = () => call<Actor | null>('session_get');
/** First run: the owner's account; signs them in. */
export const ownerCreate = (input: AccountInput) => call<Actor>('owner_create', { input });
/** A passphrase (owner, manager) or a kiosk PIN (staff). */
export const signIn = (account: AccountId, secret: string) => call<Actor>('sign_in', { account, secret });
/** The window is in use: keeps the session from locking while someone types. */
export const sessionTouch = () => call<null>('session_touch');
/** Locks the app. */
export const signOut = () => call<null>('sign_out');
export const accountsList = () => call<Account[]>('accounts_list');
export const managerCreate = (input: AccountInput) => call<Account>('manager_create', { input });
export const pinSet = (staffId: StaffId, pin: string) => call<Account>('pin_set', { staffId, pin });
export const accountSetDisabled = (id: AccountId, disabled: boolean) =>
  call<Account>('account_set_disabled', { id, disabled });
export const passphraseChange = (current: string, input: AccountInput) =>
  call<null>('passphrase_change', { current, input });
/** The signed-in staff member's own page at the kiosk. */
export const kioskPage = () => call<KioskPage>('kiosk_page');
/** The changes made to one record, newest first. */
export const auditForRecord = (entity: Entity, id: number) => call<AuditEntry[]>('audit_for_record', { entity, id });

/** The open database's backups, newest first. */
export const backupsList = () => call<BackupInfo[]>('backups_list');
/** "Back up now", into the backups folder beside the database. */
export const backupNow = () => call<BackupInfo>('backup_now');
/** "Save a backup as…": the path written, or null if the dialog was cancelled. */
export const backupSave = () => call<string | null>('backup_save');
/** Restores a listed backup, or (with null) a file chosen in a dialog, with the recovery key of the practice that made it if it is another's; afterwards nobody is signed in. */
export const backupRestore = (path: string | null, recoveryKey: string | null = null) =>
  call<Restored | null>('backup_restore', { path, recoveryKey });
/** Copies off this computer: the folder, how the last copy went, the copies there. */
export const offsiteGet = () => call<OffsiteCopies>('offsite_get');
/** Chooses the folder for copies off this computer (a folder dialog); null if cancelled. */
export const offsiteChoose = () => call<OffsiteCopies | null>('offsite_choose');
/** Stops copying off this computer; the copies already made stay. */
export const offsiteStop = () => call<OffsiteCopies>('offsite_stop');
/** A backup now, copied off this computer at once. */
export const offsiteCopyNow = () => call<OffsiteCopies>('offsite_copy_now');
/** The could-not-open screen: the backups beside the database. */
export const recoveryBackups = () => call<BackupInfo[]>('recovery_backups');
/** The could-not-open screen: restore a backup (or a chosen file, with null) over the database; the new status. */
export const recoveryRestore = (path: string | null) => call<AppStatus | null>('recovery_restore', { path });
/** The could-not-open screen: open another database file (a dialog); the new status. */
export const recoveryOpenOther = () => call<AppStatus | null>('recovery_open_other');
/** The could-not-open screen: start a new practice in a new file beside the old one. */
export const recoveryNewPractice = () => call<AppStatus>('recovery_new_practice');
/** The could-not-open screen: open the practice with its recovery key; the new status. */
/** Saves the practice's recovery key as a one-page PDF where the owner chooses (a dialog); the path, or null if cancelled. */
export const recoveryKeySave = () => call<string | null>('recovery_key_save');
export const recoveryUnlock = (recoveryKey: string) => call<AppStatus>('recovery_unlock', { recoveryKey });
/** The could-not-open screen on a computer without a credential store: keep the key in a new file (`isNew`, a save dialog) or use an existing key file (an open dialog); the new status, or null if cancelled. */
export const recoveryKeyFile = (isNew: boolean) => call<AppStatus | null>('recovery_key_file', { new: isNew });

/** What importing this CSV text would do, row by row; writes nothing. */
export const importPreview = (kind: ImportKind, text: string) => call<ImportReport>('import_preview', { kind, text });
/** Imports the CSV text if no row has a problem (then `imported` is true); otherwise writes nothing. */
export const importRun = (kind: ImportKind, text: string) => call<ImportReport>('import_run', { kind, text });
/** Writes a CSV export where the person chooses; the path, or null if the dialog was cancelled. */
export const exportSave = (kind: ExportKind, year: number | null) => call<string | null>('export_save', { kind, year });

/** First run: fill the empty database with the demo practice. */
export const setupDemo = () => call<Overview>('setup_demo');
/** What needs attention across the practice. */
export const overview = () => call<Overview>('overview');

export const practiceGet = () => call<PracticeSettings>('practice_get');
/** Saves the settings; on first run this also starts the empty practice. */
export const practiceUpdate = (settings: PracticeSettings) =>
  call<PracticeSettings>('practice_update', { settings });

export const staffList = (filter: StaffFilter) => call<StaffListRow[]>('staff_list', { filter });
export const staffPage = (id: StaffId) => call<StaffPage>('staff_page', { id });
export const staffCreate = (input: StaffInput) => call<Staff>('staff_create', { input });
export const staffUpdate = (id: StaffId, input: StaffInput) => call<Staff>('staff_update', { id, input });
export const staffDelete = (id: StaffId) => call<null>('staff_delete', { id });

export const rolesList = () => call<JobRole[]>('roles_list');
export const roleCreate = (input: RoleInput) => call<JobRole>('role_create', { input });
export const roleUpdate = (id: RoleId, input: RoleInput) => call<JobRole>('role_update', { id, input });
export const roleDelete = (id: RoleId) => call<null>('role_delete', { id });

export const coursesList = () => call<Course[]>('courses_list');
export const courseCreate = (input: CourseInput) => call<Course>('course_create', { input });
export const courseUpdate = (id: CourseId, input: CourseInput) => call<Course>('course_update', { id, input });
export const courseDelete = (id: CourseId) => call<null>('course_delete', { id });

export const trainingLog = (input: TrainingInput) => call<TrainingRecord>('training_log', { input });
export const trainingUpdate = (id: RecordId, input: TrainingInput) =>
  call<TrainingRecord>('training_update', { id, input });
export const trainingDelete = (id: RecordId) => call<null>('training_delete', { id });
export const trainingPending = () => call<TrainingRecord[]>('training_pending');
/** Approves pending records in the signed-in person's name. */
export const trainingApprove = (ids: RecordId[]) => call<TrainingRecord[]>('training_approve', { ids });
export const certificateGet = (id: RecordId) => call<CertificateFile>('certificate_get', { id });

export const standardsList = () => call<Standard[]>('standards_list');
export const standardDetail = (id: StandardId) => call<StandardDetail>('standard_detail', { id });
export const standardCreate = (input: StandardInput) => call<StandardDetail>('standard_create', { input });
export const standardRevise = (id: StandardId, input: StandardInput) =>
  call<StandardDetail>('standard_revise', { id, input });
/** Retires a standard from `retiredOn` (YYYY-MM-DD), or brings it back with `null`. */
export const standardRetire = (id: StandardId, retiredOn: string | null) =>
  call<StandardDetail>('standard_retire', { id, retiredOn });
export const standardAcknowledge = (staffId: StaffId, versionId: VersionId, acknowledgedOn: string) =>
  call<Acknowledgment>('standard_acknowledge', { staffId, versionId, acknowledgedOn });

export const templatesList = () => call<TemplateSummary[]>('templates_list');
export const templateGet = (id: TemplateId) => call<Template>('template_get', { id });
export const templateCreate = (input: TemplateInput) => call<Template>('template_create', { input });
export const templateUpdate = (id: TemplateId, input: TemplateInput) =>
  call<Template>('template_update', { id, input });
export const templateDelete = (id: TemplateId) => call<null>('template_delete', { id });
/** A criterion made from a service standard, linked to it, and the section kind it belongs in. */
export const criterionFromStandard = (standardId: StandardId) =>
  call<CriterionFromStandard>('criterion_from_standard', { standardId });

export const evaluationsList = (filter: EvaluationFilter) =>
  call<EvaluationSummary[]>('evaluations_list', { filter });
export const evaluationHistory = (staffId: StaffId) => call<EvaluationSummary[]>('evaluation_history', { staffId });
export const evaluationGet = (id: EvaluationId) => call<EvaluationPage>('evaluation_get', { id });
export const evaluationCreate = (input: NewEvaluation) => call<EvaluationPage>('evaluation_create', { input });
/** Saves the form; once finalized, a change needs `edit.amendmentReason` and is kept as an amendment. */
export const evaluationSave = (id: EvaluationId, edit: EvaluationEdit) =>
  call<EvaluationPage>('evaluation_save', { id, edit });
export const evaluationFinalize = (id: EvaluationId) => call<EvaluationPage>('evaluation_finalize', { id });
export const evaluationAcknowledge = (id: EvaluationId, input: AcknowledgmentInput) =>
  call<EvaluationPage>('evaluation_acknowledge', { id, input });
export const evaluationDelete = (id: EvaluationId) => call<null>('evaluation_delete', { id });
export const annualRoundStart = (input: AnnualRoundInput) => call<AnnualRound>('annual_round_start', { input });

/** Renders a document and asks where to save it; the path written, or null if the dialog was cancelled. */
export const printSave = (request: PrintRequest) => call<string | null>('print_save', { request });
/** Renders a document and opens it in the system's PDF viewer; the file's path. */
export const printOpen = (request: PrintRequest) => call<string>('print_open', { request });
/**
 * Prints the year's reviews as one PDF, or one file per person into a folder,
 * calling `onProgress` after each person. The path written, or null if the
 * dialog was cancelled; rejects with code `cancelled` after `printCancel`.
 */
export function printAnnual(year: number, folder: boolean, onProgress: (p: BatchProgress) => void) {
  const channel = new Channel<BatchProgress>();
  channel.onmessage = onProgress;
  return call<string | null>('print_annual', { year, folder, onProgress: channel });
}
/** Stops the running annual batch; nothing is written. */
export const printCancel = () => call<null>('print_cancel');
