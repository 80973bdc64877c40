import type { Block, LayoutSection } from '../report/layout';
import { code } from '../report/markdown';
import { formatCount, plural } from '../report/words';
import { heading, showChange } from '../plan/render';
import type { PeopleSection } from './plan-section';

/** How one kind's user section reads: its title, how an absent value shows, what happens to users who leave. */
export interface PeopleRenderOptions {
  readonly title: string;
  readonly absent: string;
  leavingFate(removalPolicy: string | undefined): string;
}

export function renderPeople(s: PeopleSection, options: PeopleRenderOptions): LayoutSection {
  const blocks: Block[] = [];
  if (s.changed.length > 0) {
    blocks.push({
      lines: [`**Changed** (${plural(s.changed.length, 'user')})`, '', '| User | Changes |', '| --- | --- |'],
      items: s.changed.map(
        (u) => `| ${code(u.userName, true)} | ${u.changes.map((c) => showChange(c, true, options.absent)).join('<br>')} |`,
      ),
      itemUnit: 'user',
    });
  }
  if (s.created.length > 0) {
    blocks.push({
      lines: [`**New** (${plural(s.created.length, 'user')})`, '', '| User | Values |', '| --- | --- |'],
      items: s.created.map(
        (u) =>
          `| ${code(u.userName, true)} | ${u.changes.map((c) => showChange(c, true, options.absent, true)).join('<br>') || '*(no values)*'} |`,
      ),
      itemUnit: 'user',
    });
  }
  if (s.leaving.length > 0) {
    blocks.push({
      lines: [`**Leaving** (${plural(s.leaving.length, 'user')}): ${options.leavingFate(s.removalPolicy)}:`],
      items: s.leaving.map((u) => code(u)),
      itemUnit: 'user',
      inline: true,
    });
  }
  const counts = [
    s.changed.length > 0 && `${formatCount(s.changed.length)} changed`,
    s.created.length > 0 && `${formatCount(s.created.length)} new`,
    s.leaving.length > 0 && `${formatCount(s.leaving.length)} leaving`,
  ];
  return { heading: heading(s, options.title, counts), blocks };
}
