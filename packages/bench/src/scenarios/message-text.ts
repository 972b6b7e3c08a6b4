// The texts benchmark messages carry: chat-like English sentences of about the size of a typical
// chat message (60-130 characters, 84 on average), made once from a fixed vocabulary with a
// Zipf-like skew, so that the server's per-message work (sealing, and the blind search index,
// whose trigram terms it computes once per conversation key and then keeps) sees varied text
// rather than one repeated sentence. The same texts go to Anytime and to the XMPP servers.
import { prng } from '../prng.js';

const WORDS = (
  'the I you to a and it is of in that for we on my be have are at this with me can so will not just do ' +
  'what your was but all get if up there about now here they out know see go time one come good how when ' +
  'think like back some well then today tomorrow tonight night morning later soon please thanks sorry okay ' +
  'yes no maybe sure call meet way home work office station train bus car late early ten five minutes hour ' +
  'dinner lunch coffee breakfast restaurant table book tickets movie music party weekend friday saturday ' +
  'sunday monday birthday gift cake photo video send sent message phone charger battery meeting project ' +
  'report deadline done finished ready start leaving arrived waiting bring need want love great nice happy ' +
  'funny weather rain sunny cold warm beach walk run gym doctor shop buy milk bread groceries kids school ' +
  'pick drop address map parking street left right next near door downstairs upstairs everyone family mom ' +
  'dad brother sister friends team boss client plan trip flight hotel bag passport keys forgot remember'
).split(' ');

const ENDINGS = ['.', '!', '?', '', '...', ' :)'];

function sentence(random: () => number): string {
  for (;;) {
    const n = 8 + Math.floor(random() * 14);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(WORDS.length * random() ** 2)]!);
    const text = words.join(' ') + ENDINGS[Math.floor(random() * ENDINGS.length)]!;
    if (text.length >= 60 && text.length <= 130) return text[0]!.toUpperCase() + text.slice(1);
  }
}

const random = prng(7);
const TEXTS = Array.from({ length: 1_024 }, () => sentence(random));

/** The text of the n-th message a sender sends (cycles through 1,024 texts). */
export const messageText = (n: number): string => TEXTS[n % TEXTS.length]!;
