import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

/**
 * The WAV files of voicemail and call recordings, as the telephony writes them: `<id>.wav`
 * under --recordings-dir, with the id's characters outside [A-Za-z0-9_.-] replaced (the SIP
 * adapter's rule, packages/telephony/src/sip-ua/commands.ts). The id comes from a database row,
 * never from the client's path, and the replacement leaves no separator, so no path escapes
 * the directory.
 */
export function audioPath(dir: string | undefined, id: string): string | null {
  if (dir === undefined) return null;
  return join(dir, `${id.replace(/[^\w.-]/g, '_')}.wav`);
}

/** Removes a message's file; a file already gone is not an error. */
export async function removeAudio(path: string | null): Promise<void> {
  if (path === null) return;
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

export type ByteRange = { readonly start: number; readonly end: number };

/**
 * One `Range: bytes=` range (RFC 9110 §14.1.2) of a file of `size` bytes: the first and last
 * byte, 'unsatisfiable' when it starts past the end, null when there is none to honour (absent,
 * malformed or several ranges: the whole file is sent, as the RFC allows).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'unsatisfiable' | null {
  if (header === undefined) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? size - 1 : Number(m[2]);
  if (m[2] !== '' && last < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(last, size - 1) };
}

/**
 * Sends the file at `path` as audio/wav, or the range asked for (206), so a browser's <audio>
 * element can seek. The file is opened before its size is read, so a file deleted meanwhile
 * answers 404 and never a truncated body.
 */
export async function sendAudio(
  request: FastifyRequest,
  reply: FastifyReply,
  path: string | null,
  id: string,
): Promise<FastifyReply> {
  const handle = path === null ? null : await open(path, 'r').catch(() => null);
  if (handle === null) throw new ApiError('CC_ERR_AUDIO_MISSING', { id });
  let size: number;
  try {
    size = (await handle.stat()).size;
  } catch (err) {
    await handle.close();
    throw err;
  }
  const range = parseRange(request.headers.range, size);
  if (range === 'unsatisfiable') {
    await handle.close();
    // The error answer (JSON, from the catalogue) keeps this header: the size to retry with.
    reply.header('content-range', `bytes */${size}`);
    throw new ApiError('CC_ERR_RANGE_NOT_SATISFIABLE', { size });
  }
  reply
    .header('content-type', 'audio/wav')
    .header('accept-ranges', 'bytes')
    .header('content-disposition', `inline; filename="${id.replace(/[^\w.-]/g, '_')}.wav"`)
    // Customers' voices: kept out of shared caches and off the disk of the browser.
    .header('cache-control', 'private, no-store');
  const { start, end } = range ?? { start: 0, end: size - 1 };
  if (range) reply.status(206).header('content-range', `bytes ${start}-${end}/${size}`);
  reply.header('content-length', String(Math.max(0, end - start + 1)));
  if (size === 0) {
    await handle.close();
    return reply.send(Buffer.alloc(0) as unknown as string);
  }
  // The stream closes the handle when it ends or is destroyed (autoClose).
  return reply.send(handle.createReadStream({ start, end }) as unknown as string);
}
