if (firstSync) {
  issue.projectKey = "DEV"
  issue.typeName = "Task"
}
issue.summary = replica.summary
issue.comments = commentHelper.mergeComments(issue, replica) { it.executor = nodeHelper.getUserByEmail(it.author?.email) }
issue.description = replica.description +
  "\n\nFrom " + replica.key
issue.summary = replica.summary.take(80
issue.labels = replica.labels
throw new com.exalate.api.exception.IssueTrackerException("stop")
