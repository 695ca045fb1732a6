"""CPU per turn by owner from `perf script -F comm,tid,ip,sym` output of a WorkflowBenchmark fork, or from
async-profiler's collapsed stacks (JMH's `-prof async:...;output=collapsed;threads=true`), which keep inlined frames.

Usage: perf_owners.py SCRIPT CALLER_CPU_MS_PER_TURN [THREAD_PREFIX]

Counts the caller threads' samples (the JMH worker and the sample's task-* executor), gives each sample to the owner
of its innermost frame's class that has one (the JDK's and other libraries' frames count for whoever called them),
and scales the shares by the fork's caller CPU per turn (WorkflowBenchmark's callerCpuNanosPerOp extra). Tracing
samples are listed by the outermost tracing frame of the run of tracing, Jackson and unowned frames at the top of the
stack. With THREAD_PREFIX (such as langfuse-export), that thread's samples are listed instead, by their innermost
frame of tracing's code or of java.util.zip, scaled by CALLER_CPU_MS_PER_TURN taken as that thread's CPU per turn.
"""
import collections
import re
import sys

OWNERS = (
    ('io.github.lfwire.langfuse.benchmarks', 'benchmark'),
    ('io.github.lfwire.langfuse', 'tracing'),
    ('io.opentelemetry', 'tracing'),
    ('io.github.lfwire.sample', 'sample'),
    ('io.micrometer', 'micrometer'),
    ('org.springframework.ai', 'spring-ai'),
    ('com.openai', 'openai-sdk'),
    ('okhttp3', 'openai-sdk'),
    ('okio', 'openai-sdk'),
    ('kotlin', 'openai-sdk'),
    ('com.fasterxml', 'jackson'),
    ('tools.jackson', 'jackson'),
    ('org.springframework', 'spring'),
    ('org.openjdk.jmh', 'benchmark'),
)


def qualified(frame):
    """The frame's class and method name, without its return and parameter types."""
    return re.sub(r'\(.*', '', frame).split(' ')[-1]


def owner(frame):
    name = qualified(frame)
    for prefix, owner_name in OWNERS:
        if name.startswith(prefix):
            return owner_name
    return None


def samples(path):
    with open(path, errors='replace') as lines:
        collapsed = lines.readline().startswith('[')
    yield from (collapsed_samples(path) if collapsed else script_samples(path))


def collapsed_samples(path):
    """Samples of async-profiler's collapsed output, innermost frame first, one per count."""
    with open(path, errors='replace') as lines:
        for line in lines:
            stack, count = line.rstrip().rsplit(' ', 1)
            thread, *frames = stack.split(';')
            sample = (thread.strip('[').split(' tid=')[0], [f.replace('/', '.') for f in reversed(frames)])
            for _ in range(int(count)):
                yield sample


def script_samples(path):
    current = None
    with open(path, errors='replace') as lines:
        for line in lines:
            if not line.strip():
                if current:
                    yield current
                current = None
            elif line[0] not in ' \t':
                current = (line.split()[0], [])
            elif current is not None:
                parts = line.strip().split(' ', 1)
                current[1].append(parts[1] if len(parts) > 1 else '')
    if current:
        yield current


def method(frame):
    return '.'.join(qualified(frame).split('.')[-2:])


def thread_main(path, thread_ms, prefix):
    frames_by = collections.Counter()
    for thread, frames in samples(path):
        if not thread.startswith(prefix):
            continue
        mark = next((f for f in frames if qualified(f).startswith(('io.github.lfwire', 'java.util.zip'))), None)
        frames_by[method(mark) if mark else 'other'] += 1
    total = sum(frames_by.values())
    print(f'{total} {prefix} samples, {thread_ms} ms CPU per turn')
    for name, n in frames_by.most_common(12):
        print(f'  {name:60s} {100 * n / total:5.1f} % {thread_ms * n / total:6.3f} ms')


def main(path, caller_ms):
    owners = collections.Counter()
    entries = collections.Counter()
    for thread, frames in samples(path):
        if not (thread.startswith('io.github') or thread.startswith('task-')):
            continue
        top = next((owner(f) for f in frames if owner(f)), 'jdk')
        i = 0
        while i < len(frames) and owner(frames[i]) in (None, 'jackson'):
            i += 1
        if i < len(frames) and owner(frames[i]) == 'tracing':
            top = 'tracing'
            entry = None
            while i < len(frames) and owner(frames[i]) in (None, 'jackson', 'tracing'):
                if owner(frames[i]) == 'tracing':
                    entry = frames[i]
                i += 1
            entries[method(entry)] += 1
        owners[top] += 1
    total = sum(owners.values())
    print(f'{total} caller samples, {caller_ms} ms caller CPU per turn')
    for name, n in owners.most_common():
        print(f'  {name:12s} {n:6d} {100 * n / total:5.1f} % {caller_ms * n / total:6.3f} ms')
    print('tracing by entry:')
    for name, n in entries.most_common(10):
        print(f'  {name:60s} {caller_ms * n / total:6.3f} ms')


if __name__ == '__main__':
    if len(sys.argv) > 3:
        thread_main(sys.argv[1], float(sys.argv[2]), sys.argv[3])
    else:
        main(sys.argv[1], float(sys.argv[2]))
