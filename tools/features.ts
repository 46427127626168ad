/**
 * docs/features.md maps every SPEC ID to its status and the tests that prove it. Status and
 * notes are written by hand; the Tests column is derived from test titles (`[QCB-05] ...`) so
 * it cannot drift. `npm run features` rewrites the column; tools/features.test.ts fails when
 * the file is stale, an ID is missing, or a feature claimed partial/done has no test.
 */
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const FEATURES_MD = join(ROOT, 'docs/features.md');
export const SPEC_MD = join(ROOT, '../shared/SPEC.md');
export const STATUSES = ['planned', 'partial', 'done'] as const;

export interface FeatureRow {
  id: string;
  feature: string;
  status: string;
  notes: string;
  tests: string;
}

const ID = /\b(HQ|QCB|AGT|OUT|C2C|CTI|SUP|BEY)-\d{2}\b/g;
const TEST_DIRS = ['packages', 'apps', 'tools'];

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path);
  }
}

/** ID → test files whose test titles name it (`it('[ID] ...'` / `describe('[ID] ...'`). */
export function testsById(): Map<string, string[]> {
  const files: string[] = [];
  for (const d of TEST_DIRS) if (existsSync(join(ROOT, d))) walk(join(ROOT, d), files);
  const byId = new Map<string, string[]>();
  for (const file of files.sort()) {
    const text = readFileSync(file, 'utf8');
    // A title is a string literal that opens with the bracketed IDs: '[QCB-05] ...', '[A-01][B-02] ...'.
    const titles = text.match(/[`'"](?:\[[A-Z0-9, -]+\])+/g) ?? [];
    const ids = new Set<string>();
    for (const t of titles) for (const id of t.match(ID) ?? []) ids.add(id);
    for (const id of ids) byId.set(id, [...(byId.get(id) ?? []), relative(ROOT, file)]);
  }
  return byId;
}

export function specIds(): string[] | null {
  if (!existsSync(SPEC_MD)) return null;
  const ids =
    readFileSync(SPEC_MD, 'utf8').match(/^- ((HQ|QCB|AGT|OUT|C2C|CTI|SUP|BEY)-\d{2})\b/gm) ?? [];
  return ids.map((l) => l.slice(2));
}

export function parseRows(markdown: string): FeatureRow[] {
  const rows: FeatureRow[] = [];
  for (const line of markdown.split('\n')) {
    const m = /^\|\s*((?:HQ|QCB|AGT|OUT|C2C|CTI|SUP|BEY)-\d{2})\s*\|(.*)\|(.*)\|(.*)\|(.*)\|$/.exec(
      line,
    );
    if (m)
      rows.push({
        id: m[1]!,
        feature: m[2]!.trim(),
        status: m[3]!.trim(),
        notes: m[4]!.trim(),
        tests: m[5]!.trim(),
      });
  }
  return rows;
}

export function testsCell(files: readonly string[] | undefined): string {
  return files && files.length > 0 ? files.map((f) => `\`${f}\``).join('<br>') : '—';
}

/** The file with its Tests column recomputed. */
export function regenerate(markdown: string): string {
  const byId = testsById();
  return markdown
    .split('\n')
    .map((line) => {
      const [row] = parseRows(line);
      if (!row) return line;
      return `| ${row.id} | ${row.feature} | ${row.status} | ${row.notes} | ${testsCell(byId.get(row.id))} |`;
    })
    .join('\n');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const before = readFileSync(FEATURES_MD, 'utf8');
  const after = regenerate(before);
  writeFileSync(FEATURES_MD, after);
  console.log(before === after ? 'docs/features.md is up to date' : 'docs/features.md updated');
}
