// examples/presets/basic.sync (`use basic`), outgoing: key, type, summary, description, the
// comments that are not internal and attachments (tests/lang/lowering/basic.handwritten).
replica.key         = issue.key
replica.type        = issue.type
replica.summary     = issue.summary
replica.description = issue.description
replica.comments    = issue.comments.findAll { !it.internal }
replica.attachments = issue.attachments
