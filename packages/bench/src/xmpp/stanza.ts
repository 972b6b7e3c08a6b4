// The little XMPP text handling the benchmark does itself (in-band registration over a raw
// socket; everything else goes through @xmpp/client): building the stanzas and finding the
// answer to an iq in the bytes received so far. Pure functions.

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function streamHeader(domain: string): string {
  return (
    `<?xml version='1.0'?><stream:stream to='${escapeXml(domain)}' xmlns='jabber:client' ` +
    `xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`
  );
}

/** XEP-0077 in-band registration request. */
export function registerIq(id: string, username: string, password: string): string {
  return (
    `<iq type='set' id='${escapeXml(id)}'><query xmlns='jabber:iq:register'>` +
    `<username>${escapeXml(username)}</username><password>${escapeXml(password)}</password></query></iq>`
  );
}

/** Whether the server's stream features have fully arrived. */
export function hasStreamFeatures(received: string): boolean {
  return received.includes('</stream:features>') || /<stream:features\s*\/>/.test(received);
}

/**
 * The type of the iq with this id in `received` ("result", "error"), or undefined while it has
 * not arrived. Attribute order and quote style vary between servers.
 */
export function iqAnswer(received: string, id: string): 'result' | 'error' | undefined {
  const tags = received.match(/<iq\b[^>]*>/g) ?? [];
  for (const tag of tags) {
    const attr = (name: string) => new RegExp(`\\s${name}=(["'])(.*?)\\1`).exec(tag)?.[2];
    if (attr('id') !== id) continue;
    const type = attr('type');
    if (type === 'result' || type === 'error') return type;
  }
  return undefined;
}

/** The error condition of an error answer, e.g. "conflict", for messages. */
export function errorCondition(received: string): string | undefined {
  return /<([a-z-]+)\s+xmlns=["']urn:ietf:params:xml:ns:xmpp-stanzas["']/.exec(received)?.[1];
}
