/**
 * A bare Ink "hello", the yardstick for the tutor's start-up: the least an Ink app can do (load
 * React and Ink, draw one line, wait for a key). Plain JavaScript, so plain node runs it as it
 * runs the tutor's bundle. Any key ends it.
 */
import { Text, render, useApp, useInput } from 'ink';
import { createElement } from 'react';

function Hello() {
  const { exit } = useApp();
  useInput(() => exit());
  return createElement(Text, null, 'hello');
}

render(createElement(Hello));
