// Maps a command error from main to what a form shows: one message per field (dotted path,
// as main names it) and what is left for the form's own alert. Main is the authority; the
// form only places the messages.
import type { CommandError } from '../../../shared/errors';
import { sentence } from '../../../shared/words';

export type FieldErrors = Readonly<Record<string, string>>;

export const NO_ERRORS: FieldErrors = Object.freeze({});

/** Zod's built-in wording, rewritten for the operator, in sentence case. */
export function friendlyMessage(message: string): string {
  return sentence(zodWording(message));
}

function zodWording(message: string): string {
  if (/expected number, received (null|nan|undefined|string)/i.test(message)) return 'enter a number';
  if (/expected string, received undefined/i.test(message)) return 'required';
  if (/expected int|must be an integer/i.test(message)) return 'a whole number';
  const tooSmall = /Too small: expected number to be >=\s*(-?[\d.]+)/i.exec(message);
  if (tooSmall) return `at least ${tooSmall[1]}`;
  const tooBig = /Too big: expected number to be <=\s*(-?[\d.]+)/i.exec(message);
  if (tooBig) return `at most ${tooBig[1]}`;
  return message;
}

/** Every issue by field; the first message for a field wins. Fields get friendly wording. */
export function fieldErrors(error: CommandError | undefined): FieldErrors {
  if (!error) return NO_ERRORS;
  const out: Record<string, string> = {};
  const issues = error.issues?.length
    ? error.issues
    : error.field
      ? [{ field: error.field, message: stripFieldPrefix(error.message, error.field) }]
      : [];
  for (const issue of issues) {
    if (!(issue.field in out)) out[issue.field] = friendlyMessage(issue.message);
  }
  return out;
}

/** Main prefixes the first issue's field to `message` ("url: not a valid URL"); drop it. */
function stripFieldPrefix(message: string, field: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

/**
 * The text for the form's own alert: main's message when none of the error's fields is
 * shown by the form (nothing would be marked), else a short summary plus what is not shown.
 * `current` is what is still marked (useCommand's errors, without the fields fixed since):
 * once every marked field is fixed, the summary goes too.
 */
export function formMessage(
  error: CommandError | undefined,
  shownFields: (field: string) => boolean,
  current?: FieldErrors,
): string {
  if (!error) return '';
  const all = fieldErrors(error);
  const errors = current ?? all;
  const fields = Object.keys(errors);
  if (fields.length === 0 && Object.keys(all).length > 0) return '';
  const placed = fields.filter(shownFields);
  if (placed.length === 0) return sentence(error.message);
  const rest = fields.filter((f) => !shownFields(f));
  const head =
    placed.length === 1 ? 'Check the field marked below.' : `Check the ${placed.length} fields marked below.`;
  return rest.length ? `${head} ${rest.map((f) => `${f}: ${errors[f]}`).join('; ')}` : head;
}

/** Errors of one list (e.g. `allowPeers.3`) as 1-based lines, for a one-per-line textarea. */
export function lineErrors(errors: FieldErrors, list: string): { line: number; message: string }[] {
  const out: { line: number; message: string }[] = [];
  const prefix = `${list}.`;
  for (const [field, message] of Object.entries(errors)) {
    if (!field.startsWith(prefix)) continue;
    const index = Number(field.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index)) out.push({ line: index + 1, message });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** The error for a field, or for the list that contains it (`listeners` for `listeners.0`). */
export function errorAt(errors: FieldErrors, field: string): string | undefined {
  return errors[field];
}

/** True when any error is at `prefix` or below it. */
export function hasErrorsUnder(errors: FieldErrors, prefix: string): boolean {
  return Object.keys(errors).some((f) => f === prefix || f.startsWith(`${prefix}.`));
}
