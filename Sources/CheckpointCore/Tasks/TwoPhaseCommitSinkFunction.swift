// Mirrors Flink 2.3's TwoPhaseCommitSinkFunction
// (flink-streaming-java/src/main/java/org/apache/flink/streaming/api/functions/sink/legacy/TwoPhaseCommitSinkFunction.java):
// the two-phase-commit sink, which pre-commits on snapshot, commits on notify-complete and
// re-commits on restore.
import CheckpointTrace

extension Simulator {
    /// TwoPhaseCommitSinkFunction#snapshotState: pre-commit the open transaction under this checkpoint and open a new one.
    func preCommit(_ id: Int, task t: Int) {
        let records = tasks[t].openTransaction
        tasks[t].openTransaction = []
        if !deviations.commitsOnNotifyComplete {
            commit(PendingTransaction(checkpoint: id, records: records), task: t)
            return
        }
        tasks[t].pendingTransactions.append(PendingTransaction(checkpoint: id, records: records))
    }

    /// TwoPhaseCommitSinkFunction#notifyCheckpointComplete(n): commit every pre-committed transaction with id ≤ n, in id order.
    func commitUpTo(_ id: Int, task t: Int) {
        while let first = tasks[t].pendingTransactions.first, first.checkpoint <= id {
            tasks[t].pendingTransactions.removeFirst()
            commit(first, task: t)
        }
    }

    /// TwoPhaseCommitSinkFunction#initializeState after a restore (recoverAndCommitInternal): re-commit what the snapshot held as pre-committed; the open
    /// transaction of the failed attempt is dropped.
    func recoverAndCommit(task t: Int) {
        let pending = tasks[t].pendingTransactions
        tasks[t].pendingTransactions = []
        for transaction in pending { commit(transaction, task: t) }
    }

    /// TwoPhaseCommitSinkFunction#commit: commits are idempotent, the output store ignores a transaction it already committed.
    func commit(_ transaction: PendingTransaction, task t: Int) {
        guard outputs.commit(OutputStore.TransactionID(task: t, checkpoint: transaction.checkpoint), records: transaction.records) else { return }
        emit(.transactionCommitted(checkpoint: transaction.checkpoint, task: t, records: transaction.records))
    }
}
