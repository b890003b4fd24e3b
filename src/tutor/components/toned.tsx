import { Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../theme/theme-context.js';
import type { Tone } from '../theme/theme.js';

interface TonedProps {
  readonly tone: Tone;
  readonly bold?: boolean;
  readonly inverse?: boolean;
  readonly wrap?: 'wrap' | 'truncate-end';
  readonly children: ReactNode;
}

/** Text in a semantic tone; without colour it is plain text (bold and inverse still help). */
export function Toned({ tone, bold, inverse, wrap, children }: TonedProps) {
  const theme = useTheme();
  return (
    <Text color={theme.colorOf(tone)} bold={bold} inverse={inverse === true && theme.color} wrap={wrap}>
      {children}
    </Text>
  );
}
