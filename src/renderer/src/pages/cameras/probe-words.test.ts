import { describe, expect, it } from 'vitest';
import { sendsWords } from './ProbePanel';

describe('sendsWords', () => {
  it('says what a camera sends: an audio-only stream is not video', () => {
    expect(sendsWords([{ media: 'audio' }])).toBe('The camera answers but sends sound only, no video.');
    expect(sendsWords([{ media: 'video' }])).toBe('The camera answers and sends video.');
    expect(sendsWords([{ media: 'video' }, { media: 'audio' }])).toBe(
      'The camera answers and sends video and sound.',
    );
    expect(sendsWords([{ media: 'video', unsupported: 'no decoder' }, { media: 'audio' }])).toBe(
      'The camera answers but sends sound only, no video.',
    );
    expect(sendsWords([])).toBe('The camera answers, but offers no stream camrelay can play.');
  });
});
