import { afterEach, describe, expect, it } from 'vitest';
import {
  deletePromptOverride,
  listPromptOverrides,
  loadPromptOverrides,
  readPromptOverride,
  savePromptOverride,
  type Db,
} from '../src/index.js';
import { TEST_DATABASES } from './support/databases.js';

const opened: Db[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

/** Every byte value, so an encoding that mangles NUL, high bytes or backslashes shows. */
const ALL_BYTES = Uint8Array.from({ length: 512 }, (_, i) => (i * 7) % 256);

describe.each(TEST_DATABASES)('prompt overrides on $name', (database) => {
  const open = async () => {
    const db = await database.open();
    opened.push(db);
    return db;
  };

  it('[QCB-16] stores a recording byte for byte, replaces it, lists it and goes back to the default', async () => {
    const db = await open();
    const saved = await savePromptOverride(db, {
      centerId: 'tokyo',
      promptId: 'queue.welcome',
      language: 'ja',
      audio: ALL_BYTES,
      durationMs: 32,
      uploadedBy: 'user-admin',
    });
    expect(saved).toMatchObject({
      centerId: 'tokyo',
      promptId: 'queue.welcome',
      language: 'ja',
      durationMs: 32,
      bytes: ALL_BYTES.length,
      uploadedBy: 'user-admin',
    });
    const read = await readPromptOverride(db, 'tokyo', 'queue.welcome', 'ja');
    expect(read).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(read!).equals(Buffer.from(ALL_BYTES))).toBe(true);
    expect(await readPromptOverride(db, 'tokyo', 'queue.welcome', 'en')).toBeNull();
    expect(await readPromptOverride(db, 'osaka', 'queue.welcome', 'ja')).toBeNull();

    const shorter = ALL_BYTES.subarray(100, 110);
    await savePromptOverride(db, {
      centerId: 'tokyo',
      promptId: 'queue.welcome',
      language: 'ja',
      audio: shorter,
      durationMs: 1,
      uploadedBy: 'user-other',
    });
    const list = await listPromptOverrides(db, 'tokyo');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ bytes: 10, durationMs: 1, uploadedBy: 'user-other' });
    expect([...(await readPromptOverride(db, 'tokyo', 'queue.welcome', 'ja'))!]).toEqual([
      ...shorter,
    ]);

    expect(await deletePromptOverride(db, 'tokyo', 'queue.welcome', 'ja')).toBe(true);
    expect(await deletePromptOverride(db, 'tokyo', 'queue.welcome', 'ja')).toBe(false);
    expect(await listPromptOverrides(db, 'tokyo')).toEqual([]);
  });

  it('[QCB-16] loads every center’s recordings with their audio, skipping prompts that no longer exist', async () => {
    const db = await open();
    const save = (
      centerId: string,
      promptId: 'queue.full' | 'queue.closed',
      language: 'ja' | 'en',
    ) =>
      savePromptOverride(db, {
        centerId,
        promptId,
        language,
        audio: Uint8Array.of(1, 2, 3, language === 'ja' ? 4 : 5),
        durationMs: 1,
        uploadedBy: 'u',
      });
    await save('osaka', 'queue.full', 'ja');
    await save('tokyo', 'queue.closed', 'en');
    await save('tokyo', 'queue.closed', 'ja');
    // A prompt an upgrade removed: its row stays, but nothing would ask to play it.
    await db.query(
      `INSERT INTO prompt_overrides (center_id, prompt_id, language, audio, duration_ms, uploaded_by)
       VALUES ('tokyo', 'gone.prompt', 'ja', '\\x00'::bytea, 1, 'u')`,
    );
    const loaded = await loadPromptOverrides(db);
    expect(loaded.map((o) => `${o.centerId}/${o.promptId}/${o.language}`)).toEqual([
      'osaka/queue.full/ja',
      'tokyo/queue.closed/en',
      'tokyo/queue.closed/ja',
    ]);
    expect(loaded.map((o) => [...o.audio])).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, 5],
      [1, 2, 3, 4],
    ]);
  });

  it('refuses a language other than ja and en at the table', async () => {
    const db = await open();
    await expect(
      db.query(
        `INSERT INTO prompt_overrides (center_id, prompt_id, language, audio, duration_ms, uploaded_by)
         VALUES ('tokyo', 'queue.full', 'fr', '\\x00'::bytea, 1, 'u')`,
      ),
    ).rejects.toThrow();
  });
});
