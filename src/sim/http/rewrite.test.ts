import { describe, expect, it } from 'vitest';
import { hostRewriter } from './rewrite.ts';

describe('hostRewriter', () => {
  const rw = hostRewriter('127.0.0.1', new Map([[5000, 25000], [8774, 41001], [6080, 41002]]));

  it('points controller URLs at the ports the server listens on', () => {
    const text = '{"url":"http://controller:8774/v2.1","c":"http://controller:6080/vnc_auto.html?path=%3Ftoken%3Dx"}';
    expect(rw.toPublic(text)).toBe('{"url":"http://127.0.0.1:41001/v2.1","c":"http://127.0.0.1:41002/vnc_auto.html?path=%3Ftoken%3Dx"}');
  });

  it('leaves ports it does not serve alone', () => {
    expect(rw.toPublic('http://controller:8775/latest')).toBe('http://controller:8775/latest');
  });

  it('maps the public address back to controller, and only for served ports', () => {
    expect(rw.toInternal('http://127.0.0.1:25000/v3 http://localhost:41001/x http://127.0.0.1:9/y')).toBe(
      'http://controller:5000/v3 http://controller:8774/x http://127.0.0.1:9/y',
    );
  });

  it('puts IPv6 hosts in brackets', () => {
    const v6 = hostRewriter('::1', new Map([[5000, 5000]]));
    expect(v6.toPublic('http://controller:5000/v3')).toBe('http://[::1]:5000/v3');
    expect(v6.toInternal('http://[::1]:5000/v3')).toBe('http://controller:5000/v3');
  });
});
