export * from './transport.js';
export { UdpTransport, type ListenOptions } from './udp.js';
export { TcpTransport, type TcpListenOptions } from './tcp.js';
export { WsTransport, type WsListenOptions } from './ws.js';
export { MultiTransport, type BoundTransport } from './multi.js';
