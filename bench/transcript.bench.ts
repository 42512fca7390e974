import { Transcript, type ChatMessage } from '../src/transcript/transcript.js';

/** Median microseconds to insert one message into a transcript that already holds `size` messages. */
export function appendCost(size: number, samples = 2000): { append: number; outOfOrder: number } {
  let transcript = Transcript.empty;
  for (let i = 0; i < size; i++) transcript = transcript.insert(message(i, i * 1000));
  const measure = (timeOf: (i: number) => number) => {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      transcript.insert(message(size + i, timeOf(i)));
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    return times[times.length >> 1]! * 1000;
  };
  return {
    append: measure(i => (size + i) * 1000),
    // A message delayed in transit lands in the middle (the Guest API does not guarantee order).
    outOfOrder: measure(i => ((size >> 1) + i) * 1000 + 1),
  };
}

function message(i: number, time: number): ChatMessage {
  return { id: `m${i}`, author: i % 2 ? 'agent' : 'customer', text: `message ${i}`, time };
}
