replica.summary = issue.summary
replica.comments = issue.comments.findAll { !it.internal }
replica.watchers = issue.watchers
for (c in issue.comments) {
  replica.comments += c
}
replica.description = issue.description; replica.issueLinks = issue.issueLinks
replica.labels = issue.labels
