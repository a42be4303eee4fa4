namespace OpenClaw.SandboxManager.Docker;

/// <summary>
/// The program of a warm runner: one long-lived <c>docker exec</c> per busy container that forks each command itself,
/// so a command costs a fork instead of a new runc exec. Written for perl-base, which every Debian image has.
/// Protocol on the runner's stdin: fields <c>name len\n bytes</c> (arg, env, cwd, in) ended by <c>END\n</c>; a lone
/// <c>K</c> kills the running command's process group. On stdout: frames <c>T len\n bytes</c> — R ready, P pid,
/// O stdout, E stderr, X exit code. Stdin closing (the manager went away) kills the command and ends the runner.
/// </summary>
public static class WarmRunnerScript
{
    public const string Source = """
        use strict; no warnings; use POSIX (); use IO::Select;
        binmode STDIN; binmode STDOUT; $SIG{PIPE} = 'IGNORE';
        my %base = %ENV;
        sub rd { my $n = shift; my $b = ''; while (length($b) < $n) { my $r = sysread(STDIN, $b, $n - length($b), length($b)); POSIX::_exit(0) unless $r; } return $b; }
        sub line { my $l = ''; while (1) { my $r = sysread(STDIN, my $c, 1); POSIX::_exit(0) unless $r; next if $l eq '' && $c eq 'K'; return $l if $c eq "\n"; $l .= $c; } }
        sub out { my ($t, $d) = @_; my $m = "$t " . length($d) . "\n" . $d; my $o = 0; while ($o < length $m) { my $w = syswrite(STDOUT, $m, length($m) - $o, $o); POSIX::_exit(0) unless defined $w; $o += $w; } }
        out('R', '');
        while (1) {
          my (@argv, @env, $cwd, $in);
          while ((my $h = line()) ne 'END') {
            my ($k, $n) = split / /, $h, 2; my $v = rd($n);
            if ($k eq 'arg') { push @argv, $v } elsif ($k eq 'env') { push @env, $v } elsif ($k eq 'cwd') { $cwd = $v } elsif ($k eq 'in') { $in = $v }
          }
          pipe(my $or, my $ow); pipe(my $er, my $ew); pipe(my $ir, my $iw);
          my $pid = fork();
          if (!defined $pid) { out('E', "cannot fork: $!\n"); out('X', '126'); next; }
          if (!$pid) {
            POSIX::setsid();
            open(STDIN, '<&', $ir); open(STDOUT, '>&', $ow); open(STDERR, '>&', $ew);
            $SIG{PIPE} = 'DEFAULT';
            %ENV = %base; for (@env) { my ($k, $v) = split /=/, $_, 2; $ENV{$k} = $v; }
            if (defined $cwd && !chdir $cwd) { print STDERR "cannot change directory to $cwd: $!\n"; POSIX::_exit(126); }
            exec { $argv[0] } @argv; print STDERR "cannot run $argv[0]: $!\n"; POSIX::_exit(127);
          }
          close $ow; close $ew; close $ir;
          out('P', $pid);
          my $wr;
          if (defined $in && length $in) {
            $wr = fork();
            if (defined $wr && !$wr) { my $o = 0; while ($o < length $in) { my $w = syswrite($iw, $in, length($in) - $o, $o); last unless defined $w; $o += $w; } POSIX::_exit(0); }
          }
          close $iw;
          my $sel = IO::Select->new($or, $er, \*STDIN);
          my $killed = 0;
          while (!$killed && $sel->count > 1) {
            for my $fh ($sel->can_read) {
              if (fileno($fh) == 0) {
                my $r = sysread(STDIN, my $c, 1);
                kill('KILL', -$pid); kill('KILL', $pid); $killed = 1;
                POSIX::_exit(0) unless $r;
                last;
              }
              my $n = sysread($fh, my $buf, 65536);
              if (!$n) { $sel->remove($fh); next; }
              out(fileno($fh) == fileno($or) ? 'O' : 'E', $buf);
            }
          }
          close $or; close $er;
          waitpid($pid, 0); my $st = $?;
          waitpid($wr, 0) if $wr;
          out('X', ($st & 127) ? 128 + ($st & 127) : ($st >> 8));
        }
        """;
}
