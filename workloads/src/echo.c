/* echo: prints its arguments separated by spaces, like /bin/echo; "-n" suppresses the newline.
   Used as the target of execve in the exec guest. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    int i = 1, newline = 1;
    if (i < argc && strcmp(argv[i], "-n") == 0) {
        newline = 0;
        i++;
    }
    for (int first = i; i < argc; i++)
        printf("%s%s", i > first ? " " : "", argv[i]);
    if (newline)
        putchar('\n');
    return 0;
}
