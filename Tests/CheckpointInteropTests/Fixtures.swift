/// Inputs in the formats of real Flink output (messages as CheckpointCoordinator, ExecutionGraph
/// and the REST API's CheckpointingStatistics write them).
enum Fixtures {
    static let jobManagerLog = """
    2024-03-05 10:00:00,000 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job WordCount (a1b2c3d4e5f60718293a4b5c6d7e8f90) switched from state CREATED to RUNNING.
    2024-03-05 10:00:10,000 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Triggering checkpoint 1 (type=CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD}) @ 1709632810000 for job a1b2c3d4e5f60718293a4b5c6d7e8f90.
    2024-03-05 10:00:10,250 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Completed checkpoint 1 for job a1b2c3d4e5f60718293a4b5c6d7e8f90 (24576 bytes, checkpointDuration=250 ms, finalizationTime=3 ms).
    2024-03-05 10:00:20,000 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Triggering checkpoint 2 (type=CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD}) @ 1709632820000 for job a1b2c3d4e5f60718293a4b5c6d7e8f90.
    2024-03-05 10:00:20,400 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Decline checkpoint 2 by task 8c0e1b9e2d4a6f3c5b7d9e1f3a5c7e9b_2_0 of job a1b2c3d4e5f60718293a4b5c6d7e8f90 at 172.17.0.3:41235-6f1c2d (dataPort=36789).
    2024-03-05 10:00:20,401 WARN  org.apache.flink.runtime.checkpoint.CheckpointFailureManager [] - Failed to trigger or complete checkpoint 2 for job a1b2c3d4e5f60718293a4b5c6d7e8f90. (1 consecutive failed attempts so far)
    org.apache.flink.runtime.checkpoint.CheckpointException: Asynchronous task checkpoint failed.
    \tat org.apache.flink.runtime.checkpoint.CheckpointCoordinator.abortPendingCheckpoint(CheckpointCoordinator.java:2160) ~[flink-dist-1.20.0.jar:1.20.0]
    2024-03-05 10:00:30,000 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Triggering checkpoint 3 (type=CheckpointType{name='Checkpoint', sharingFilesStrategy=FORWARD_BACKWARD}) @ 1709632830000 for job a1b2c3d4e5f60718293a4b5c6d7e8f90.
    2024-03-05 10:10:30,000 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Checkpoint 3 of job a1b2c3d4e5f60718293a4b5c6d7e8f90 expired before completing.
    2024-03-05 10:10:31,000 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job WordCount (a1b2c3d4e5f60718293a4b5c6d7e8f90) switched from state RUNNING to RESTARTING.
    2024-03-05 10:10:32,000 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Restoring job a1b2c3d4e5f60718293a4b5c6d7e8f90 from Checkpoint 1 @ 1709632810000 for a1b2c3d4e5f60718293a4b5c6d7e8f90 located at file:/tmp/flink-checkpoints/a1b2c3d4e5f60718293a4b5c6d7e8f90/chk-1.
    2024-03-05 10:10:32,500 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job WordCount (a1b2c3d4e5f60718293a4b5c6d7e8f90) switched from state RESTARTING to RUNNING.
    2024-03-05 10:10:40,000 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Triggering checkpoint 4 (type=SavepointType{name='Savepoint', postCheckpointAction=NONE, formatType=CANONICAL}) @ 1709633440000 for job a1b2c3d4e5f60718293a4b5c6d7e8f90.
    2024-03-05 10:10:41,000 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Completed checkpoint 4 for job a1b2c3d4e5f60718293a4b5c6d7e8f90 (30000 bytes in 1000 ms).
    """

    static let restCheckpoints = """
    {"counts":{"restored":0,"total":3,"in_progress":1,"completed":1,"failed":1},
     "summary":{"checkpointed_size":{"min":1024,"max":1024,"avg":1024},"state_size":{"min":1024,"max":1024,"avg":1024},"end_to_end_duration":{"min":180,"max":180,"avg":180}},
     "latest":{"completed":{"id":1,"status":"COMPLETED"},"savepoint":null,"failed":{"id":2},"restored":null},
     "history":[
      {"className":"in_progress","id":3,"status":"IN_PROGRESS","is_savepoint":false,"trigger_timestamp":1709632830000,"latest_ack_timestamp":-1,"state_size":0,"end_to_end_duration":0,"num_subtasks":4,"num_acknowledged_subtasks":1,"checkpoint_type":"CHECKPOINT","tasks":{}},
      {"className":"failed","id":2,"status":"FAILED","is_savepoint":false,"trigger_timestamp":1709632820000,"latest_ack_timestamp":1709632820150,"state_size":0,"end_to_end_duration":400,"num_subtasks":4,"num_acknowledged_subtasks":2,"checkpoint_type":"CHECKPOINT","failure_timestamp":1709632820400,"failure_message":"Asynchronous task checkpoint failed.","tasks":{}},
      {"className":"completed","id":1,"status":"COMPLETED","is_savepoint":false,"trigger_timestamp":1709632810000,"latest_ack_timestamp":1709632810180,"checkpointed_size":1024,"state_size":1024,"end_to_end_duration":180,"num_subtasks":4,"num_acknowledged_subtasks":4,"checkpoint_type":"CHECKPOINT","external_path":"file:/tmp/chk-1","discarded":false,
       "tasks":{"cbc357ccb763df2852fee8c4fc7d55f2":{"id":"cbc357ccb763df2852fee8c4fc7d55f2","status":"COMPLETED","latest_ack_timestamp":1709632810060,"state_size":0,"num_subtasks":2,"num_acknowledged_subtasks":2},
                "90bea66de1c231edf33913ecd54406c1":{"id":"90bea66de1c231edf33913ecd54406c1","status":"COMPLETED","latest_ack_timestamp":1709632810180,"state_size":1024,"num_subtasks":2,"num_acknowledged_subtasks":2}}}
     ]}
    """
}
