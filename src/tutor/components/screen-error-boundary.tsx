/**
 * A screen that throws (a bug of ours, a simulation that hit a limit) shows what happened, with
 * the seed when the simulator gave one, instead of taking the whole tutor down. Esc goes back.
 */
import { Box, Text } from 'ink';
import { Component, type ReactNode } from 'react';
import { Toned } from './toned.js';
import { glyphs } from '../theme/theme.js';

interface Props {
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | undefined;
}

export class ScreenErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <Box flexDirection="column">
        <Toned tone="failed" bold>{`${glyphs.failed} This screen stopped: ${error.message}`}</Toned>
        <Text wrap="wrap">It is a bug in the tutor, not in your code. Esc goes back; q leaves. Reporting the message above (with its seed) lets us replay it.</Text>
      </Box>
    );
  }
}
