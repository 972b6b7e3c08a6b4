// Tests per-socket UDP drop attribution: parsing /proc/net/udp and udp6 lines as this kernel writes
// them, and a real overflow: a child process holds a UDP socket with a tiny receive buffer and stops
// reading, the test floods it, and the drops show up on that socket and are counted for that child.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { dropSnapshot, dropsBetween, parseProcNetUdp, socketInode, udpSockets } from './socket-drops.js';

// Lines from /proc/net/udp and /proc/net/udp6 on this machine: the first of each is a socket with a
// 4 KB receive buffer that was sent 100 datagrams of 1,000 bytes while its process did not read.
const UDP = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            ',
  '10167: 0100007F:B650 00000000:0000 07 00000000:00001B00 00:00000000 00000000     0        0 34071 2 0000000018d11fe5 97        ',
  '  158: 00000000:CF37 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 23181 2 00000000732dd368 0         ',
  '',
].join('\n');
const UDP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
  '10304: 00000000000000000000000001000000:B6D9 00000000000000000000000000000000:0000 07 00000000:00001B00 00:00000000 00000000     0        0 34083 2 000000006295616c 97',
  '  750: 00000000000000000000000000000000:D187 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 23213 2 00000000202da2a2 0',
].join('\n');

describe('parseProcNetUdp', () => {
  it('reads inode, local port, receive queue and drops of each socket', () => {
    expect(parseProcNetUdp(UDP)).toEqual([
      { inode: 34071, localPort: 0xb650, rxQueue: 0x1b00, drops: 97 },
      { inode: 23181, localPort: 0xcf37, rxQueue: 0, drops: 0 },
    ]);
    expect(parseProcNetUdp(UDP6)).toEqual([
      { inode: 34083, localPort: 0xb6d9, rxQueue: 0x1b00, drops: 97 },
      { inode: 23213, localPort: 0xd187, rxQueue: 0, drops: 0 },
    ]);
  });

  it('skips the header and lines it cannot read', () => {
    expect(parseProcNetUdp('header\n  1: garbage\n')).toEqual([]);
  });

  it('takes socket inodes from /proc/PID/fd links only', () => {
    expect(socketInode('socket:[34071]')).toBe(34071);
    expect(socketInode('pipe:[34071]')).toBeUndefined();
    expect(socketInode('/dev/null')).toBeUndefined();
  });
});

// A child that binds a UDP socket with a small receive buffer, prints its port and then blocks its
// only thread for 10 s (killed sooner), so nothing reads the socket while the test floods it.
const BLOCKED_READER = `
const s = require('node:dgram').createSocket({ type: 'udp4', recvBufferSize: 4096 });
s.bind(0, '127.0.0.1', () => {
  process.stdout.write(s.address().port + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
  process.exit(0);
});`;

describe('dropSnapshot and dropsBetween', () => {
  it("attributes a flooded socket's kernel drops to the process and port that own it", async () => {
    const child = spawn(process.execPath, ['-e', BLOCKED_READER], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const port = Number(String(line).trim());
    const groups = [
      { name: 'flooded', pids: [child.pid!], ports: [port] },
      { name: 'child', pids: [child.pid!] },
    ];
    const before = dropSnapshot(groups);
    const sender = createSocket('udp4');
    const datagram = Buffer.alloc(1000);
    for (let i = 0; i < 300; i++) {
      await new Promise<void>((r) => sender.send(datagram, port, '127.0.0.1', () => r()));
    }
    sender.close();
    const sockets = udpSockets();
    const after = dropSnapshot(groups, sockets);
    child.kill();

    const mine = sockets.find((s) => s.localPort === port);
    expect(mine?.drops).toBeGreaterThan(200);
    const drops = dropsBetween(before, after);
    expect(drops['flooded']).toBe(mine!.drops);
    expect(drops['child'] ?? 0).toBe(0);
  });
});
