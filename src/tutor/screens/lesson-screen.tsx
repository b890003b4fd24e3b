/**
 * The lesson reader: one section at a time, scrolled a line or a page, a table of contents, and a
 * jump to the section's playground or exercise. A section is marked read once its end has been on screen.
 */
import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { Lesson } from '../../lessons/lesson-types.js';
import { useTutor } from '../app/tutor-context.js';
import { Frame, useBodySize } from '../components/frame.js';
import type { KeyHint } from '../components/key-hint.js';
import { Toned } from '../components/toned.js';
import { useEscapeCapture, useScreenInput } from '../hooks/use-screen-input.js';
import { markSectionRead } from '../services/lab-progress.js';
import { glyphs } from '../theme/theme.js';

const READ_KEYS: readonly KeyHint[] = [
  { keys: '↑↓', action: 'scroll' },
  { keys: 'space', action: 'page' },
  { keys: '←→', action: 'section' },
  { keys: 't', action: 'contents' },
];
const PLAYGROUND_KEY: KeyHint = { keys: 'g', action: 'playground' };
const EXERCISE_KEY: KeyHint = { keys: 'x', action: 'exercise' };

/** The reading keys, with g and x only where the section has a playground or an exercise. */
function readKeys(section: { readonly playground?: unknown; readonly exercise?: unknown } | undefined): readonly KeyHint[] {
  return [...READ_KEYS, ...(section?.playground !== undefined ? [PLAYGROUND_KEY] : []), ...(section?.exercise !== undefined ? [EXERCISE_KEY] : [])];
}
const TOC_KEYS: readonly KeyHint[] = [
  { keys: '↑↓', action: 'choose' },
  { keys: 'Enter', action: 'open' },
  { keys: 'Esc', action: 'close contents' },
];

const SIDEBAR_MIN_COLUMNS = 110;
const SIDEBAR_WIDTH = 30;

/** Lines of the body the section text may use: a title line and a position line. */
const READER_CHROME_ROWS = 2;

export function LessonScreen({ initialSection, initialScroll = 0 }: { readonly initialSection: number; readonly initialScroll?: number }) {
  const { lesson } = useTutor();
  if (!lesson.ok) {
    return (
      <Frame title="Lesson" keys={[]}>
        <Toned tone="failed" wrap="wrap">{`${glyphs.failed} The lesson could not be read: ${lesson.message}`}</Toned>
      </Frame>
    );
  }
  return <LessonReader lesson={lesson.value} initialSection={initialSection} initialScroll={initialScroll} />;
}

function LessonReader({ lesson, initialSection, initialScroll }: { readonly lesson: Lesson; readonly initialSection: number; readonly initialScroll: number }) {
  const { services, nav, progress, color } = useTutor();
  const { columns: bodyColumns, rows } = useBodySize();
  // A wide terminal keeps the contents beside the text; at 80 columns they open with t.
  const sidebar = bodyColumns >= SIDEBAR_MIN_COLUMNS;
  const columns = sidebar ? bodyColumns - SIDEBAR_WIDTH - 1 : bodyColumns;
  const last = lesson.sections.length - 1;
  const [sectionIndex, setSectionIndex] = useState(Math.max(0, Math.min(last, initialSection)));
  const [scroll, setScroll] = useState(initialScroll);
  const [tocCursor, setTocCursor] = useState<number | undefined>(undefined);
  const section = lesson.sections[sectionIndex];
  const lines = useMemo(
    () => (section === undefined ? [] : services.renderMarkdown(section.markdown, { width: columns - 1, color })),
    [services, section, columns, color],
  );
  const page = Math.max(1, rows - READER_CHROME_ROWS);
  const maxScroll = Math.max(0, lines.length - page);
  useEscapeCapture(tocCursor !== undefined);

  // A section counts as read once its last line has been on screen, not merely opened.
  const endSeen = scroll + page >= lines.length;
  useEffect(() => {
    if (section !== undefined && endSeen && !progress.lab.sectionsRead.includes(section.id)) progress.update((lab) => markSectionRead(lab, section.id));
  }, [section, endSeen, progress]);

  // Functional updates: keys pressed faster than a frame each see the previous key's result.
  const openSection = (index: number | ((current: number) => number)) => {
    setSectionIndex((current) => Math.max(0, Math.min(last, typeof index === 'number' ? index : index(current))));
    setScroll(0);
  };
  /** Leaves for a playground or an exercise; Esc comes back to this section at this line. */
  const leaveFor = (route: Parameters<typeof nav.go>[0]) => {
    nav.replace({ screen: 'lesson', sectionIndex, scroll });
    nav.go(route);
  };

  useScreenInput((input, key) => {
    if (tocCursor !== undefined) {
      if (key.escape || input === 't') setTocCursor(undefined);
      else if (key.upArrow) setTocCursor((cursor) => Math.max(0, (cursor ?? 0) - 1));
      else if (key.downArrow) setTocCursor((cursor) => Math.min(last, (cursor ?? 0) + 1));
      else if (key.return) {
        openSection(tocCursor);
        setTocCursor(undefined);
      }
      return;
    }
    if (key.downArrow || input === 'j') setScroll((value) => Math.min(maxScroll, value + 1));
    else if (key.upArrow) setScroll((value) => Math.max(0, value - 1));
    else if (input === ' ' || key.pageDown) setScroll((value) => Math.min(maxScroll, value + page));
    else if (key.pageUp || input === 'b') setScroll((value) => Math.max(0, value - page));
    else if (key.rightArrow || input === 'n') openSection((current) => current + 1);
    else if (key.leftArrow || input === 'p') openSection((current) => current - 1);
    else if (input === 't') setTocCursor(sectionIndex);
    else if (input === 'g' && section?.playground !== undefined) leaveFor({ screen: 'playground', id: section.playground });
    else if (input === 'x' && section?.exercise !== undefined) leaveFor({ screen: 'exercises', exerciseId: section.exercise });
  });

  const status = `section ${sectionIndex + 1}/${lesson.sections.length}`;
  if (tocCursor !== undefined) {
    const first = Math.max(0, Math.min(tocCursor - Math.floor(rows / 2), lesson.sections.length - (rows - 1)));
    return (
      <Frame title="Lesson: contents" status={status} keys={TOC_KEYS}>
        <Toned tone="accent">{lesson.title}</Toned>
        {lesson.sections.slice(first, first + rows - 1).map((entry, offset) => {
          const index = first + offset;
          const read = progress.lab.sectionsRead.includes(entry.id);
          return (
            <Text key={entry.id} wrap="truncate-end">
              <Toned tone="selected" inverse={index === tocCursor}>{index === tocCursor ? glyphs.pointer : ' '}</Toned>
              <Toned tone={read ? 'passed' : 'muted'}>{` ${read ? glyphs.read : glyphs.unread} `}</Toned>
              {`${index + 1}. ${entry.title}`}
              <Toned tone="muted">{`  (objective ${entry.objective})`}</Toned>
            </Text>
          );
        })}
      </Frame>
    );
  }
  if (section === undefined) {
    return (
      <Frame title="Lesson" keys={[]}>
        <Text>This lesson has no sections.</Text>
      </Frame>
    );
  }
  const links = [
    section.playground === undefined ? undefined : `g playground: ${section.playground}`,
    section.exercise === undefined ? undefined : `x exercise: ${section.exercise}`,
  ].filter((link) => link !== undefined);
  const text = (
    <Box flexDirection="column" width={columns}>
      <Toned tone="heading" bold wrap="truncate-end">{`${sectionIndex + 1}. ${section.title}  (objective ${section.objective})`}</Toned>
      {lines.slice(scroll, scroll + page).map((line, index) => (
        <Text key={scroll + index} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
      {Array.from({ length: Math.max(0, page - (lines.length - scroll)) }, (_, index) => (
        <Text key={`pad-${index}`}> </Text>
      ))}
      <Toned tone="muted" wrap="truncate-end">
        {`lines ${Math.min(lines.length, scroll + 1)}-${Math.min(lines.length, scroll + page)} of ${lines.length}${links.length > 0 ? `  ·  ${links.join('  ·  ')}` : ''}`}
      </Toned>
    </Box>
  );
  return (
    <Frame title="Lesson" status={status} keys={readKeys(section)}>
      {sidebar ? (
        <Box flexDirection="row">
          <Box flexDirection="column" width={SIDEBAR_WIDTH} marginRight={1}>
            {lesson.sections.slice(0, rows).map((entry, index) => (
              <Text key={entry.id} wrap="truncate-end">
                <Toned tone={index === sectionIndex ? 'selected' : progress.lab.sectionsRead.includes(entry.id) ? 'passed' : 'muted'} inverse={index === sectionIndex}>
                  {`${index === sectionIndex ? glyphs.pointer : progress.lab.sectionsRead.includes(entry.id) ? glyphs.read : glyphs.unread} ${index + 1}. ${entry.title}`}
                </Toned>
              </Text>
            ))}
          </Box>
          {text}
        </Box>
      ) : (
        text
      )}
    </Frame>
  );
}
