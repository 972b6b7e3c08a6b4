// The SSRF address policy on its own: public unicast passes, every special range is refused,
// including IPv4 hidden inside IPv6; the allowlist matches hosts case-insensitively.
import { describe, expect, it } from 'vitest';
import { HostAllowlist, isPublicAddress } from './address-policy.js';

describe('address policy', () => {
  it('accepts public unicast addresses', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e']) {
      expect(isPublicAddress(a), a).toBe(true);
    }
  });

  it('refuses private, loopback, link-local, multicast, unspecified and other special ranges', () => {
    for (const a of [
      '127.0.0.1',
      '127.255.255.254',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '0.1.2.3',
      '224.0.0.251',
      '239.255.255.250',
      '255.255.255.255',
      '192.0.2.1',
      '198.18.0.1',
      '240.0.0.1',
      '::',
      '::1',
      'fe80::1',
      'fc00::1',
      'fd12:3456::1',
      'ff02::1',
      '2001:db8::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '2002:7f00:1::1',
      '2001::1',
      'not an address',
      '',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it('unwraps IPv4-mapped IPv6 and judges the IPv4 address', () => {
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(true);
  });

  it('matches allowlisted hosts case-insensitively, with or without IPv6 brackets', () => {
    const allow = new HostAllowlist(' 127.0.0.1, Push.Internal ,[::1]');
    expect(allow.has('127.0.0.1')).toBe(true);
    expect(allow.has('push.internal')).toBe(true);
    expect(allow.has('[::1]')).toBe(true);
    expect(allow.has('127.0.0.2')).toBe(false);
    expect(new HostAllowlist('').has('')).toBe(false);
  });
});
