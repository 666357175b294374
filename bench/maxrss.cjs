// Preloaded (node -r) into a bench child: reports its peak resident memory on stderr when it exits.
process.on('exit', () => process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\n`));
