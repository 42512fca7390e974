import { expect } from '@open-wc/testing';
import { readDeploymentConfig } from '../../src/protocol/deployment-config.js';

const messenger = (settings: Record<string, unknown>, conversations: Record<string, unknown> = {}) => ({
  messenger: { enabled: true, apps: { conversations }, ...settings },
});

describe('config.json: the deployment\'s look (colour, launcher, position, bot)', () => {
  it('reads the brand colour, the launcher\'s visibility, its position and the bot\'s profile', () => {
    const config = readDeploymentConfig({
      ...messenger(
        { styles: { primaryColor: '#FF4F1F' }, launcherButton: { visibility: 'OnDemand' } },
        { humanize: { enabled: true, bot: { name: ' Robin ', avatarUrl: 'https://cdn.example.com/robin.png' } } },
      ),
      position: { alignment: 'Left', sideSpace: 24, bottomSpace: 40 },
    });
    expect(config.primaryColor).to.equal('#FF4F1F');
    expect(config.launcher).to.equal('on-demand');
    expect(config.position).to.deep.equal({ side: 'left', sideSpace: 24, bottomSpace: 40 });
    expect(config.bot).to.deep.equal({ name: 'Robin', avatar: 'https://cdn.example.com/robin.png' });
  });

  it('takes the position inside the Messenger settings too, and each launcher visibility', () => {
    expect(readDeploymentConfig(messenger({ position: { alignment: 'Auto' } })).position).to.deep.equal({ side: 'auto' });
    for (const [visibility, launcher] of [['On', 'on'], ['Off', 'off'], ['OnDemand', 'on-demand']] as const) {
      expect(readDeploymentConfig(messenger({ launcherButton: { visibility } })).launcher).to.equal(launcher);
    }
  });

  it('leaves out what is malformed or unsafe, and shows the launcher when nothing says otherwise', () => {
    const config = readDeploymentConfig({
      ...messenger(
        { styles: { primaryColor: 'red; background: url(x)' }, launcherButton: { visibility: 'Sometimes' } },
        { humanize: { enabled: true, bot: { name: 42, avatarUrl: 'javascript:alert(1)' } } },
      ),
      position: { alignment: 'Middle', sideSpace: -5 },
    });
    expect(config).to.not.have.property('primaryColor');
    expect(config.launcher).to.equal('on');
    expect(config).to.not.have.property('position');
    expect(config).to.not.have.property('bot');
    expect(readDeploymentConfig({}).launcher).to.equal('on');
    // A bot profile only counts when humanize is on.
    expect(readDeploymentConfig(messenger({}, { humanize: { enabled: false, bot: { name: 'Robin' } } }))).to.not.have.property('bot');
  });
});
