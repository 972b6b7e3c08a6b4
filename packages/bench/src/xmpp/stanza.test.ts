// Tests the raw XMPP text handling used for in-band registration.
import { describe, expect, it } from 'vitest';
import { errorCondition, escapeXml, hasStreamFeatures, iqAnswer, registerIq } from './stanza.js';

describe('iqAnswer', () => {
  it('finds the answer whatever the attribute order and quotes', () => {
    expect(iqAnswer(`<iq xmlns='jabber:client' type='result' id='reg1'/>`, 'reg1')).toBe('result');
    expect(iqAnswer(`<iq id="reg1" type="error" to="x"><error/></iq>`, 'reg1')).toBe('error');
  });

  it('waits while the answer has not arrived or is for another id', () => {
    expect(iqAnswer('', 'reg1')).toBeUndefined();
    expect(iqAnswer(`<iq type='result' id='reg2'/>`, 'reg1')).toBeUndefined();
    expect(iqAnswer(`<iq type='result' id='reg1`, 'reg1')).toBeUndefined();
  });
});

describe('registration text', () => {
  it('escapes user input', () => {
    expect(escapeXml(`a<b>&'"`)).toBe('a&lt;b&gt;&amp;&apos;&quot;');
    expect(registerIq('r', 'u<1', 'p&')).toContain('<username>u&lt;1</username><password>p&amp;</password>');
  });

  it('sees the end of the stream features and the error condition', () => {
    expect(hasStreamFeatures('<stream:features><register/></stream:features>')).toBe(true);
    expect(hasStreamFeatures('<stream:features><register/>')).toBe(false);
    expect(errorCondition(`<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>`)).toBe(
      'conflict',
    );
  });
});
