/**
 * Command blocks' operating-system processes: started detached in their own session and process
 * group under a small shell wrapper, their output captured to capped files, watched until an exit
 * marker appears, killed as a group, and found again by pid and start time after a restart.
 * Everything here that touches a process, {@code /proc} or a file runs on a worker thread.
 */
package io.blockline.process;
