import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Top self-time functions of a V8 .cpuprofile (from `node --cpu-prof`), to find hot spots
 * without a browser: `node --import tsx bench/profile-summary.ts <file-or-dir> [top]`. Given a
 * directory it reads the largest profile in it: under tsx, `--cpu-prof` also writes a small
 * one for the module loader's thread.
 */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly share: number;
}

function largestProfile(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  return files[0]!;
}

export function hotSpots(profile: Profile, top: number): HotSpot[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.startsWith('file://')
      ? relative(process.cwd(), new URL(frame.url).pathname)
      : frame.url;
    // Line numbers are the transpiled code's under tsx, so only the file is shown.
    const where = file;
    const key = `${frame.functionName}@${where}`;
    const entry = self.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    self.set(key, entry);
  });
  return [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({
      name: e.name,
      where: e.where,
      selfMs: e.us / 1_000,
      share: total === 0 ? 0 : e.us / total,
    }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [given, top] = process.argv.slice(2);
  if (!given) throw new Error('usage: profile-summary.ts <file.cpuprofile | dir> [top]');
  const file = statSync(given).isDirectory() ? largestProfile(given) : given;
  const spots = hotSpots(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top) || 25);
  for (const s of spots) {
    console.log(
      `${s.selfMs.toFixed(1).padStart(9)} ms ${(s.share * 100).toFixed(1).padStart(5)}%  ${s.name}  ${s.where}`,
    );
  }
}
