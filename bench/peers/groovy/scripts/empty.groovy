// Baseline: no statement. What a change costs before the script does anything: a fresh script
// instance, its bindings and the replica object.
