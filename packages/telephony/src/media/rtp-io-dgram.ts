/**
 * RTP over node:dgram: one libuv UDP handle per socket, a JS callback per datagram received and
 * a send request per datagram sent. The fallback where the native addon is not built or not
 * supported (ADR 15), and the reference the native path is measured against.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { RtpSocket, type RtpEndpoint, type RtpIo } from './rtp-socket.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram resolves the destination of every send, even an IP literal, through dns.lookup and a
 * process.nextTick: 50 sends a second per call. The remote is nearly always a literal (SDP
 * c= lines), so answer those at once and leave names to the resolver.
 */
function literalFirstLookup(): (host: string, family: number, cb: LookupCallback) => void {
  let lastHost = '';
  let lastFamily = 0;
  return (host, family, cb) => {
    if (host !== lastHost) {
      const kind = isIP(host);
      if (kind === 0) {
        dnsLookup(host, family, cb);
        return;
      }
      lastHost = host;
      lastFamily = kind;
    }
    cb(null, lastHost, lastFamily);
  };
}

class DgramRtpSocket extends RtpSocket {
  private from: RtpEndpoint = { address: '', port: 0 };

  constructor(
    private readonly socket: Socket,
    localAddress: string,
    localPort: number,
  ) {
    super(localAddress, localPort);
    socket.on('message', (msg, rinfo) => {
      // rinfo is a fresh object per datagram, so it is handed on as is.
      this.from = rinfo;
      this.receive(msg);
    });
    // A send to an unreachable port can surface as an async error on some systems: not fatal.
    socket.on('error', () => {});
  }

  protected override transmit(bytes: Uint8Array, to: RtpEndpoint): void {
    this.socket.send(bytes, to.port, to.address);
  }

  protected override release(): void {
    this.socket.close();
  }

  protected override source(): RtpEndpoint {
    return this.from;
  }
}

export const dgramRtpIo: RtpIo = {
  kind: 'dgram',
  bind(host: string, port: number): Promise<RtpSocket> {
    return new Promise((resolve, reject) => {
      const socket = createSocket({
        type: isIP(host) === 6 ? 'udp6' : 'udp4',
        lookup: literalFirstLookup() as never,
      });
      const onError = (err: Error): void => {
        socket.close();
        reject(err);
      };
      socket.once('error', onError);
      socket.bind(port, host, () => {
        socket.off('error', onError);
        resolve(new DgramRtpSocket(socket, host, socket.address().port));
      });
    });
  },
};
