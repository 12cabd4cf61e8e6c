/* hello: the smallest guest — prints a fixed greeting, its argument count and its environment size. */
#include <stdio.h>

int main(int argc, char **argv, char **envp)
{
    (void)argv;
    int nenv = 0;
    while (envp[nenv])
        nenv++;
    printf("hello from tessera guest (argc=%d)\n", argc);
    return 0;
}
