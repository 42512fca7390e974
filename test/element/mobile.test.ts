import { expect, nextFrame } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { visualViewportSource, type ViewportSource } from '../../src/element/controllers/mobile-viewport.controller.js';
import { emulateDevice, wheel } from '../helpers/emulation.js';
import { MockServer } from '../helpers/mock-server.js';
import { focused, mountChat, mountConnected, part } from './chat-fixture.js';

/** A visual viewport the test moves, as an on-screen keyboard and the browser do. */
class FakeViewport extends EventTarget implements ViewportSource {
  width = 390;
  height = 844;
  offsetLeft = 0;
  offsetTop = 0;
  move(to: Partial<Pick<ViewportSource, 'width' | 'height' | 'offsetLeft' | 'offsetTop'>>): void {
    Object.assign(this, to);
    this.dispatchEvent(new Event('resize'));
  }
}

const box = (el: Element) => el.getBoundingClientRect();
const shown = (el: Element) => el.checkVisibility();

/** The page's own content: taller than the screen, and as wide as `width`. */
function pageContent(width = 300): HTMLElement {
  const content = document.createElement('div');
  content.style.cssText = `inline-size: ${width}px; block-size: 3000px`;
  document.body.prepend(content);
  return content;
}

/** Once the panel's arrival (a short slide, where motion is not reduced) is over: boxes are where they stay. */
const motionDone = async (el: Element) => {
  await Promise.all(el.shadowRoot!.getAnimations().map(animation => animation.finished));
};

/** After the browser has handled what it was given (two frames: input, then its scroll). */
const settled = async () => {
  await nextFrame();
  await nextFrame();
};

describe('<genesys-chat> on phones', () => {
  const getViewport = visualViewportSource.get;
  const cleanup: (() => void)[] = [];
  afterEach(async () => {
    visualViewportSource.get = getViewport;
    for (const undo of cleanup.splice(0)) undo();
    window.scrollTo(0, 0);
    await emulateDevice(null);
    await setViewport({ width: 800, height: 600 });
  });

  it('below 600 px the open panel fills the screen; minimising gives the launcher back', async () => {
    await setViewport({ width: 390, height: 844 });
    const el = await mountConnected(new MockServer());
    await motionDone(el);
    const panel = box(part(el, 'panel'));
    expect([panel.left, panel.top, panel.width, panel.height]).to.deep.equal([0, 0, 390, 844]);
    // Under a full-screen panel the launcher would take focus unseen; the header's button minimises.
    expect(shown(part(el, 'launcher'))).to.equal(false);
    part(el, 'minimize-button').click();
    await el.updateComplete;
    expect(shown(part(el, 'launcher'))).to.equal(true);
    expect(focused(el)).to.equal(part(el, 'launcher'));
    await expect(el).to.be.accessible();
  });

  it('from 600 px the panel floats above the launcher', async () => {
    await setViewport({ width: 600, height: 800 });
    const el = await mountConnected(new MockServer());
    await motionDone(el);
    const panel = box(part(el, 'panel'));
    expect(panel.width).to.be.below(600);
    expect(panel.bottom).to.be.at.most(box(part(el, 'launcher')).top);
    expect(shown(part(el, 'launcher'))).to.equal(true);
  });

  it('the composer stays above the on-screen keyboard, wherever the browser scrolls the visible part', async () => {
    await setViewport({ width: 390, height: 844 });
    const viewport = new FakeViewport();
    visualViewportSource.get = () => viewport;
    const el = await mountConnected(new MockServer());
    await motionDone(el);
    const composer = part(el, 'composer');

    viewport.move({ height: 500 });
    expect(box(part(el, 'panel')).top).to.equal(0);
    expect(box(part(el, 'panel')).bottom).to.equal(500);
    expect(box(composer).bottom).to.be.at.most(500);
    expect(shown(part(el, 'input'))).to.equal(true);

    viewport.move({ offsetTop: 120 });
    expect(box(part(el, 'header')).top).to.equal(120);
    expect(box(composer).bottom).to.be.at.most(620);

    viewport.move({ height: 844, offsetTop: 0 });
    expect(box(part(el, 'panel')).bottom).to.equal(844);
  });

  it('the page behind the open panel does not scroll, and scrolls again once it is minimised', async () => {
    await setViewport({ width: 390, height: 844 });
    const content = pageContent();
    cleanup.push(() => content.remove());
    const el = await mountChat(new MockServer());

    await wheel(100, 300, 400);
    await settled();
    expect(window.scrollY, 'the page scrolls before the chat opens').to.be.above(0);
    window.scrollTo(0, 0);

    el.open();

    await el.updateComplete;

    await motionDone(el);
    await el.updateComplete;
    // On the header: nothing there scrolls, so a browser hands the scroll on to the page.
    await wheel(100, 20, 400);
    await settled();
    expect(window.scrollY).to.equal(0);

    el.minimize();
    await el.updateComplete;
    await wheel(100, 300, 400);
    await settled();
    expect(window.scrollY).to.be.above(0);
  });

  it('on a 390 px phone whose page overflows sideways, the launcher and the open panel stay on screen', async () => {
    const meta = Object.assign(document.createElement('meta'), { name: 'viewport', content: 'width=device-width, initial-scale=1' });
    document.head.append(meta);
    const content = pageContent(1200);
    cleanup.push(() => meta.remove(), () => content.remove());
    await emulateDevice({ width: 390, height: 844 });
    const el = await mountConnected(new MockServer());
    await motionDone(el);
    el.minimize();
    await el.updateComplete;

    // Where the phone shows the page at its own scale, before any zoom: the first 390 x 844 px.
    const launcher = box(part(el, 'launcher'));
    expect(launcher.left).to.be.at.least(0);
    expect(launcher.right).to.be.at.most(390);
    expect(launcher.top).to.be.at.least(0);
    expect(launcher.bottom).to.be.at.most(844);

    el.open();

    await el.updateComplete;

    await motionDone(el);
    await el.updateComplete;
    const panel = box(part(el, 'panel'));
    const vv = window.visualViewport!;
    const edges = [panel.left, panel.top, panel.width, panel.height];
    [vv.offsetLeft, vv.offsetTop, vv.width, vv.height].forEach((edge, i) => expect(edges[i]).to.be.closeTo(edge, 0.5));
  });
});
