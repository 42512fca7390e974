import { expect } from '@open-wc/testing';
import { CHUNK_SIZE, Transcript, type ChatMessage } from '../../src/transcript/transcript.js';

const m = (id: string, time: number, text = id): ChatMessage => ({ id, author: 'agent', text, time });
const ids = (t: Transcript) => [...t].map(x => x.id);

describe('transcript store', () => {
  it('keeps messages in time order whatever order they arrive in, equal times in arrival order', () => {
    let t = Transcript.empty;
    for (const message of [m('c', 3), m('a', 1), m('b1', 2), m('d', 4), m('b2', 2)]) t = t.insert(message);
    expect(ids(t)).to.deep.equal(['a', 'b1', 'b2', 'c', 'd']);
    expect(t.size).to.equal(5);
    expect(t.last?.id).to.equal('d');
  });

  it('never holds the same message twice', () => {
    const t = Transcript.empty.insert(m('a', 1, 'old')).insert(m('a', 1, 'new'));
    expect([...t].map(x => x.text)).to.deep.equal(['new']);
    expect(t.size).to.equal(1);
  });

  it('is immutable: a change leaves the previous transcript as it was', () => {
    const before = Transcript.empty.insert(m('a', 1));
    const after = before.insert(m('b', 2));
    expect(ids(before)).to.deep.equal(['a']);
    expect(ids(after)).to.deep.equal(['a', 'b']);
  });

  it('renaming a message onto one already there at its time leaves one of them', () => {
    const t = Transcript.empty.insert(m('local', 5)).insert(m('server', 5, 'known'));
    const renamed = t.replace('local', 5, m('server', 5, 'confirmed'));
    expect([...renamed].map(x => [x.id, x.text])).to.deep.equal([['server', 'confirmed']]);
    expect(renamed.size).to.equal(1);
  });

  it('replaces, moves and removes by id and time', () => {
    let t = Transcript.empty.insert(m('a', 1)).insert(m('b', 2)).insert(m('c', 3));
    t = t.replace('b', 2, { ...m('b', 2), text: 'B' });
    expect(t.find('b', 2)?.text).to.equal('B');
    t = t.replace('a', 1, m('a2', 5));
    expect(ids(t)).to.deep.equal(['b', 'c', 'a2']);
    t = t.remove('c', 3);
    expect(ids(t)).to.deep.equal(['b', 'a2']);
    expect(t.remove('zzz', 9)).to.equal(t);
    expect(t.find('b', 99)).to.equal(undefined);
  });

  it('splits into chunks and touches only the chunk a change lands in', () => {
    let t = Transcript.empty;
    for (let i = 0; i < 1000; i++) t = t.insert(m(`m${i}`, i));
    expect(t.size).to.equal(1000);
    expect(t.chunks.length).to.be.greaterThan(10);
    expect(Math.max(...t.chunks.map(c => c.messages.length))).to.be.at.most(CHUNK_SIZE);
    const next = t.insert(m('new', 5000));
    const changed = next.chunks.filter((c, i) => c !== t.chunks[i]);
    expect(changed).to.have.length(1);
    // Appending never re-cuts what is there: every chunk but the last is full, and an append keeps them all.
    expect(t.chunks.slice(0, -1).every(c => c.messages.length === CHUNK_SIZE)).to.equal(true);
    let grown = t;
    for (let i = 0; i < CHUNK_SIZE * 2; i++) grown = grown.insert(m(`more${i}`, 6000 + i));
    expect(t.chunks.slice(0, -1).every(c => grown.chunks.includes(c))).to.equal(true);
    const middle = t.insert(m('middle', 500.5));
    expect(ids(middle)[501]).to.equal('middle');
    expect(middle.chunks.filter(c => !t.chunks.includes(c)).length).to.be.at.most(2);
  });

  it('finds duplicates whose time straddles two chunks', () => {
    let t = Transcript.empty;
    for (let i = 0; i < 200; i++) t = t.insert(m(`same${i}`, 7));
    expect(t.chunks.length).to.be.greaterThan(1);
    const again = t.insert(m('same150', 7, 'again'));
    expect(again.size).to.equal(200);
    expect(again.find('same150', 7)?.text).to.equal('again');
  });

  it('gives the fewest newest chunks that hold a count of messages, oldest first', () => {
    let t = Transcript.empty;
    for (let i = 0; i < 300; i++) t = t.insert(m(`m${i}`, i));
    const held = (count: number) => t.newestChunks(count).flatMap(c => c.messages.map(x => x.id));
    // 300 = 9 full chunks of 32 and 12 more.
    expect(held(3)).to.deep.equal(ids(t).slice(288));
    expect(held(12)).to.deep.equal(ids(t).slice(288));
    expect(held(13)).to.deep.equal(ids(t).slice(256));
    expect(held(200)).to.deep.equal(ids(t).slice(96));
    expect(t.newestChunks(1000)).to.equal(t.chunks);
    expect(Transcript.empty.newestChunks(5)).to.deep.equal([]);
  });
});
