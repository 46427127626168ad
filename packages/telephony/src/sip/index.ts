export * from './message.js';
export * from './uri.js';
export * from './name-addr.js';
export * from './via.js';
export { parse, frameFromStream, MAX_BODY_BYTES, MAX_HEADER_BYTES, type Frame } from './parser.js';
export { serialize, serializeHead } from './serializer.js';
export * from './ids.js';
export * from './response.js';
export * as transaction from './transaction/index.js';
