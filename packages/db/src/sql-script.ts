import type { SqlParam, Statement } from './db.js';

/**
 * Renders statements with `$n` parameters as one script of plain SQL, their parameters written
 * as quoted literals, for PostgreSQL's simple-query protocol: the server runs the statements of
 * one such message as one implicit transaction, so a commit costs one round trip instead of one
 * per statement (ADR 10 addendum). node-postgres cannot pipeline extended-protocol queries.
 *
 * Each literal is untyped text, which PostgreSQL resolves from its context exactly as it resolves
 * an untyped bind parameter, so a statement means the same in both forms. Statement texts are the
 * store's own constants: a `$n` is always a placeholder (no dollar quoting, no `$` in strings).
 */
export function renderScript(statements: readonly Statement[]): string {
  return statements.map((s) => `${renderStatement(s)};`).join('\n');
}

export function renderStatement({ sql, params = [] }: Statement): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length)
      throw new RangeError(`statement names $${n} but has ${params.length} parameters`);
    return literalOf(params[index]!);
  });
}

/** The same text node-postgres would bind for the value, quoted. */
export function literalOf(value: SqlParam): string {
  if (value === null) return 'NULL';
  return quoted(textOf(value));
}

/**
 * What node-postgres's escapeLiteral returns (quotes doubled; backslashes doubled inside E''
 * so the literal means the same whatever standard_conforming_strings says), with two native
 * regex passes instead of its character-by-character loop: commits carry kilobytes of JSON.
 */
function quoted(text: string): string {
  const doubled = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${doubled.replace(/\\/g, '\\\\')}'` : `'${doubled}'`;
}

function textOf(value: Exclude<SqlParam, null>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError('invalid date');
    return value.toISOString();
  }
  if (Array.isArray(value)) return arrayText(value);
  return JSON.stringify(value);
}

/** PostgreSQL's array input syntax: every element quoted, `"` and `\` escaped, NULL bare. */
function arrayText(values: readonly unknown[]): string {
  const elements = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return arrayText(v);
    const text = textOf(v as Exclude<SqlParam, null>);
    return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  });
  return `{${elements.join(',')}}`;
}
