import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPromptOverrides } from '@tsunagu/db';
import { TEST_DATABASES } from '../../db/test/support/databases.js';
import { expectError, OSAKA, startTestApi, TOKYO, type TestApi } from './support/test-api.js';
import { tone, wavFile } from './support/wav.js';

const prompts = (center: string) => `/api/v1/centers/${center}/prompts`;
const one = (center: string, id: string, language: string) =>
  `${prompts(center)}/${id}/${language}`;

describe.each(TEST_DATABASES)('prompt upload routes on $name', (database) => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi(database);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const stored = async () =>
    (await t.db.query('SELECT center_id, prompt_id, language, duration_ms FROM prompt_overrides'))
      .rows;

  it('[QCB-16] an admin uploads a recording, supervisors list and fetch it, deleting it goes back to the default', async () => {
    const file = wavFile(tone(2000));
    const up = await t.request('PUT', one(TOKYO, 'queue.welcome', 'ja'), {
      as: 'admin',
      payload: file,
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body).toMatchObject({
      promptId: 'queue.welcome',
      language: 'ja',
      durationMs: 2000,
      bytes: file.length,
      uploadedBy: 'user-admin',
    });
    expect(t.calls.promptsChanged).toEqual([TOKYO]);

    const list = await t.request('GET', prompts(TOKYO), { as: 'tokyoSupervisor' });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([up.body]);
    expect((await t.request('GET', prompts(OSAKA), { as: 'admin' })).body.items).toEqual([]);

    const fetched = await t.request('GET', one(TOKYO, 'queue.welcome', 'ja'), {
      as: 'tokyoSupervisor',
    });
    expect(fetched.status).toBe(200);
    expect(fetched.headers['content-type']).toBe('audio/wav');
    expect(fetched.raw.equals(Buffer.from(file))).toBe(true);
    expect(
      (await loadPromptOverrides(t.db)).map((o) => Buffer.from(o.audio).equals(fetched.raw)),
    ).toEqual([true]);

    // The English recording is separate; audio/x-wav is a WAV too.
    const en = await t.request('PUT', one(TOKYO, 'queue.welcome', 'en'), {
      as: 'admin',
      payload: wavFile(tone(500)),
      contentType: 'audio/x-wav',
    });
    expect(en.status).toBe(200);
    expectError(
      await t.request('GET', one(TOKYO, 'queue.closed', 'ja'), { as: 'admin' }),
      404,
      'CC_ERR_NOT_FOUND',
    );

    for (const language of ['ja', 'en']) {
      const res = await t.request('DELETE', one(TOKYO, 'queue.welcome', language), { as: 'admin' });
      expect(res.status).toBe(204);
    }
    expect(t.calls.promptsChanged).toEqual([TOKYO, TOKYO, TOKYO, TOKYO]);
    expect(await stored()).toEqual([]);
    expectError(
      await t.request('GET', one(TOKYO, 'queue.welcome', 'ja'), { as: 'admin' }),
      404,
      'CC_ERR_NOT_FOUND',
    );
    expectError(
      await t.request('DELETE', one(TOKYO, 'queue.welcome', 'ja'), { as: 'admin' }),
      404,
      'CC_ERR_NOT_FOUND',
    );
  });

  it('[QCB-16] a G.711 upload is stored as 16-bit PCM', async () => {
    const mulaw = wavFile(new Uint8Array(800).fill(0x80), { format: 7, bits: 8 });
    const up = await t.request('PUT', one(TOKYO, 'queue.full', 'en'), {
      as: 'admin',
      payload: mulaw,
    });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body).toMatchObject({ durationMs: 100, bytes: 44 + 1600 });
    const fetched = await t.request('GET', one(TOKYO, 'queue.full', 'en'), { as: 'admin' });
    expect(fetched.raw.readUInt16LE(20)).toBe(1); // PCM
    expect(fetched.raw.readUInt16LE(34)).toBe(16);
    expect(fetched.raw.readInt16LE(44)).toBe(32124);
    await t.request('DELETE', one(TOKYO, 'queue.full', 'en'), { as: 'admin' });
  });

  it('[QCB-16] refuses stereo, 16 kHz, garbage, JSON and unknown prompts or languages, storing nothing', async () => {
    const before = await stored();
    const changes = t.calls.promptsChanged.length;
    const bad: [string, Uint8Array | undefined, string?][] = [
      [one(TOKYO, 'queue.welcome', 'ja'), wavFile(tone(300, 8000, 2), { channels: 2 })],
      [one(TOKYO, 'queue.welcome', 'ja'), wavFile(tone(300, 16000), { rate: 16000 })],
      [one(TOKYO, 'queue.welcome', 'ja'), new TextEncoder().encode('RIFF garbage, not a wave')],
      [one(TOKYO, 'queue.welcome', 'ja'), Uint8Array.from({ length: 2000 }, (_, i) => i % 251)],
      [one(TOKYO, 'queue.welcome', 'ja'), undefined],
      [one(TOKYO, 'no.such-prompt', 'ja'), wavFile(tone(300))],
      [one(TOKYO, 'queue.welcome', 'fr'), wavFile(tone(300))],
    ];
    for (const [url, payload] of bad) {
      const res = await t.request('PUT', url, { as: 'admin', ...(payload ? { payload } : {}) });
      expectError(res, 400, 'CC_ERR_VALIDATION');
    }
    const stereo = await t.request('PUT', one(TOKYO, 'queue.welcome', 'ja'), {
      as: 'admin',
      payload: wavFile(tone(300, 8000, 2), { channels: 2 }),
    });
    expect(stereo.body.error.details.problem).toMatch(/mono/);

    // Only WAV bodies are read here: JSON is an unsupported media type.
    const json = await t.request('PUT', one(TOKYO, 'queue.welcome', 'ja'), {
      as: 'admin',
      json: { audio: 'UklGRg==' },
    });
    expectError(json, 415, 'CC_ERR_VALIDATION');
    // Over 5 MB is refused before it is read.
    const huge = await t.request('PUT', one(TOKYO, 'queue.welcome', 'ja'), {
      as: 'admin',
      payload: wavFile(new Uint8Array(5 * 1024 * 1024)),
    });
    expectError(huge, 413, 'CC_ERR_VALIDATION');

    expect(await stored()).toEqual(before);
    expect(t.calls.promptsChanged.length).toBe(changes);
  });

  it('[QCB-16] only admins change recordings; supervisors of the center read them, others get 403', async () => {
    await t.request('PUT', one(TOKYO, 'queue.closed', 'ja'), {
      as: 'admin',
      payload: wavFile(tone(100)),
    });
    const before = await stored();
    const wav = wavFile(tone(100));
    for (const [caller, method, url] of [
      ['tokyoAgent', 'GET', prompts(TOKYO)],
      ['tokyoAgent', 'GET', one(TOKYO, 'queue.closed', 'ja')],
      ['tokyoAgent', 'PUT', one(TOKYO, 'queue.closed', 'ja')],
      ['tokyoSupervisor', 'PUT', one(TOKYO, 'queue.closed', 'ja')],
      ['tokyoSupervisor', 'DELETE', one(TOKYO, 'queue.closed', 'ja')],
      ['osakaSupervisor', 'GET', prompts(TOKYO)],
      ['osakaSupervisor', 'GET', one(TOKYO, 'queue.closed', 'ja')],
    ] as const) {
      const res = await t.request(method, url, {
        as: caller,
        ...(method === 'PUT' ? { payload: wav } : {}),
      });
      expect(res.status, `${caller} ${method} ${url}`).toBe(403);
      expect(res.body.error.code).toBe('CC_ERR_FORBIDDEN');
    }
    expectError(
      await t.request('PUT', one(TOKYO, 'queue.closed', 'ja'), { payload: wav }),
      401,
      'CC_ERR_UNAUTHENTICATED',
    );
    expectError(
      await t.request('GET', prompts('nowhere'), { as: 'admin' }),
      404,
      'CC_ERR_CENTER_NOT_FOUND',
    );
    const own = await t.request('GET', one(TOKYO, 'queue.closed', 'ja'), {
      as: 'tokyoSupervisor',
    });
    expect(own.status).toBe(200);
    expect(await stored()).toEqual(before);
  });
});
